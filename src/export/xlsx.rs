//! The register as an XLSX workbook that prints: a summary sheet with one
//! row per processing (the CNIL template's columns, each linked to its
//! record), then one sheet per record. LibreOffice does not grow rows by
//! itself, so every row carries its height, computed from the wrapped text;
//! columns fit an A4 landscape page, pages fit the width, the title row
//! repeats on every page, and each record starts a page (a sheet of its own).

use super::formats::{header_lines, lines, status, title, xlsx_cell};
use super::lang::tr;
use super::register::{Record, Register};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet, XlsxError};

/// A4 in Excel's paper codes.
const A4: u8 = 9;
/// The height of one line of 10-point text, in points.
const LINE: f64 = 13.0;

/// How many lines `text` takes in a column `width` characters wide (each
/// paragraph wraps on its own; a little slack for proportional fonts).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width * 1.1).max(4.0);
    text.split('\n')
        .map(|l| ((l.chars().count() as f64) / usable).ceil().max(1.0) as usize)
        .sum()
}

/// The row height for the texts of one row, each with its column width.
pub(crate) fn row_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(t, w)| wrapped_lines(t, *w))
        .max()
        .unwrap_or(1);
    // Excel's limit for a row is 409 points; a longer cell is cut on paper
    // (the HTML and JSON registers hold all of it).
    (lines as f64 * LINE + 4.0).min(409.0)
}

/// Print setup shared by every sheet: A4 landscape, fit to one page wide,
/// the sheet name and the date in the header, page numbers in the footer.
fn print_setup(ws: &mut Worksheet, organization: &str, lang: crate::model::Language) {
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    // `&` starts a header code in Excel: doubled in the organization's name.
    ws.set_header(format!("&L{}&R&A", organization.replace('&', "&&")));
    ws.set_footer(format!(
        "&L{}&R{} &P / &N",
        tr(lang, "Art. 30 GDPR"),
        tr(lang, "Page")
    ));
}

/// Unique sheet names (31 characters at most, none of `[]:*?/\`, unique
/// regardless of case: a processing called `register` must not clash with
/// the summary sheet).
pub(super) fn sheet_names(r: &Register) -> Vec<String> {
    let mut used: Vec<String> = vec!["Register".into()];
    let mut out = Vec::new();
    for rec in &r.records {
        let base: String = rec
            .id
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .take(27)
            .collect();
        let base = match base.trim_matches('\'') {
            "" => "record".to_string(),
            b => b.to_string(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            name = format!("{base}~{n}");
            n += 1;
        }
        used.push(name.clone());
        out.push(name);
    }
    out
}

/// The summary's columns: the CNIL template's, each from one field.
pub(super) const SUMMARY: &[(&str, Option<u8>, f64)] = &[
    ("Processing", None, 26.0),
    ("Purpose", Some(4), 34.0),
    ("Legal basis", Some(5), 24.0),
    ("Data subjects", Some(7), 22.0),
    ("Personal data", Some(8), 30.0),
    ("Recipients", Some(12), 30.0),
    ("Transfers outside the EEA", Some(13), 26.0),
    ("Retention", Some(11), 24.0),
    ("DPIA", None, 20.0),
];

/// The summary row of a record: one text per [`SUMMARY`] column.
pub(super) fn summary_row(rec: &Record, lang: crate::model::Language) -> Vec<String> {
    let mut texts: Vec<String> = SUMMARY
        .iter()
        .map(|(_, f, _)| summary_text(rec, *f, lang))
        .collect();
    texts[0] = format!("{} ({})", rec.name, rec.id);
    texts[SUMMARY.len() - 1] = status(rec, lang);
    texts
}

fn summary_text(rec: &Record, field: Option<u8>, lang: crate::model::Language) -> String {
    match field {
        None => String::new(),
        Some(n) => rec
            .fields
            .iter()
            .find(|f| f.number == n)
            .map(|f| lines(f, lang).join("\n"))
            .unwrap_or_default(),
    }
}

pub fn xlsx(r: &Register) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let base = Format::new()
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let bold = base.clone().set_bold().set_background_color("EEF3F8");
    let link = base
        .clone()
        .set_font_color("1F4E99")
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::VerticalCenter);
    let names = sheet_names(r);
    let org = r.header.organization.clone();

    // The summary: header lines, then one row per processing.
    let summary = wb.add_worksheet().set_name("Register")?;
    print_setup(summary, &org, r.lang);
    let last_col = (SUMMARY.len() - 1) as u16;
    for (c, (_, _, w)) in SUMMARY.iter().enumerate() {
        summary.set_column_width(c as u16, *w)?;
    }
    summary.merge_range(0, 0, 0, last_col, title(r), &title_fmt)?;
    summary.set_row_height(0, 24.0)?;
    let mut row = 1u32;
    for (k, v) in header_lines(r) {
        summary.write_string_with_format(row, 0, k, &bold)?;
        summary.merge_range(row, 1, row, last_col, &xlsx_cell(&v), &base)?;
        summary.set_row_height(row, row_height(&[(&v, 200.0)]))?;
        row += 1;
    }
    row += 1;
    let head_row = row;
    for (c, (h, _, _)) in SUMMARY.iter().enumerate() {
        summary.write_string_with_format(row, c as u16, tr(r.lang, h), &bold)?;
    }
    summary.set_row_height(row, LINE * 2.0 + 4.0)?;
    for (rec, sheet) in r.records.iter().zip(&names) {
        row += 1;
        let texts = summary_row(rec, r.lang);
        let url = Url::new(format!("internal:'{}'!A1", sheet.replace('\'', "''")))
            .set_text(xlsx_cell(&texts[0]));
        summary.write_url_with_format(row, 0, url, &link)?;
        for (c, t) in texts.iter().enumerate().skip(1) {
            summary.write_string_with_format(row, c as u16, xlsx_cell(t), &base)?;
        }
        let cells: Vec<(&str, f64)> = texts
            .iter()
            .zip(SUMMARY)
            .map(|(t, (_, _, w))| (t.as_str(), *w))
            .collect();
        summary.set_row_height(row, row_height(&cells))?;
    }
    // The table's header repeats on every printed page; it stays in view.
    summary.set_repeat_rows(head_row, head_row)?;
    summary.set_freeze_panes(head_row + 1, 0)?;

    // One sheet per record: its title on every page, then field and value.
    const LABEL: f64 = 30.0;
    const VALUE: f64 = 110.0;
    for (rec, sheet) in r.records.iter().zip(&names) {
        let ws = wb.add_worksheet().set_name(sheet)?;
        print_setup(ws, &org, r.lang);
        ws.set_column_width(0, LABEL)?;
        ws.set_column_width(1, VALUE)?;
        let heading = format!("{} ({})", rec.name, rec.id);
        ws.merge_range(0, 0, 0, 1, &xlsx_cell(&heading), &title_fmt)?;
        ws.set_row_height(0, 24.0)?;
        ws.set_repeat_rows(0, 0)?;
        ws.set_freeze_panes(1, 0)?;
        for (i, f) in rec.fields.iter().enumerate() {
            let row = i as u32 + 1;
            let label = format!("{}. {}", f.number, f.title);
            let value = lines(f, r.lang).join("\n");
            ws.write_string_with_format(row, 0, &label, &bold)?;
            ws.write_string_with_format(row, 1, xlsx_cell(&value), &base)?;
            ws.set_row_height(row, row_height(&[(&label, LABEL), (&value, VALUE)]))?;
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::{row_height, wrapped_lines};

    #[test]
    fn rows_grow_with_their_wrapped_text() {
        assert_eq!(wrapped_lines("short", 100.0), 1);
        assert_eq!(wrapped_lines("a\nb\nc", 100.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(550), 100.0), 5);
        assert!(row_height(&[("a", 10.0), ("a\nb\nc\nd", 10.0)]) > row_height(&[("a", 10.0)]));
        assert_eq!(row_height(&[(&"x\n".repeat(1000), 10.0)]), 409.0);
    }
}
