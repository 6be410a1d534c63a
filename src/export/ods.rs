//! The register as an OpenDocument spreadsheet (the format of the CNIL's
//! own register template), laid out like the XLSX ([`super::xlsx`]): a
//! summary sheet with one row per processing, then one sheet per record;
//! row heights from the wrapped text, columns that fill an A4 landscape
//! page, the title row repeated on every printed page, the organization in
//! the header and page numbers in the footer.

use super::formats::{header_lines, lines, title};
use super::lang::tr;
use super::register::Register;
use super::xlsx::{SUMMARY, row_height, sheet_names, summary_row};
use spreadsheet_ods::color::Rgb;
use spreadsheet_ods::defaultstyles::DefaultFormat;
use spreadsheet_ods::style::units::{Border, CellAlignVertical, PrintOrientation, WrapOption};
use spreadsheet_ods::style::{HeaderFooter, MasterPage, PageStyle, TableStyle};
use spreadsheet_ods::text::{MetaPageCount, MetaPageNumber, TextP, TextS};
use spreadsheet_ods::{CellStyle, OdsError, Sheet, WorkBook, cm, pt};

/// Text for an ODS cell: XML 1.0 cannot hold control characters other
/// than tab and newline, so they become U+FFFD; a value is never a formula
/// in ODS (text cells are only text).
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The printable width of an A4 landscape page with 1 cm margins, in cm.
const WIDTH_CM: f64 = 27.0;

/// XLSX column widths are in characters; ODS's in cm: the same proportions,
/// scaled to the page.
fn widths(chars: &[f64]) -> Vec<f64> {
    let total: f64 = chars.iter().sum();
    chars.iter().map(|c| c / total * WIDTH_CM).collect()
}

pub fn ods(r: &Register) -> Result<Vec<u8>, OdsError> {
    let mut wb = WorkBook::new_empty();
    let cell = |name: &str, bold: bool| {
        let mut s = CellStyle::new(name, &DefaultFormat::default());
        s.set_wrap_option(WrapOption::Wrap);
        s.set_vertical_align(CellAlignVertical::Top);
        s.set_font_size(pt!(9));
        s.set_border(pt!(0.5), Border::Solid, Rgb::new(0xc9, 0xd6, 0xe3));
        if bold {
            s.set_font_bold();
            s.set_background_color(Rgb::new(0xee, 0xf3, 0xf8));
        }
        s
    };
    let base = wb.add_cellstyle(cell("carto-value", false));
    let bold = wb.add_cellstyle(cell("carto-label", true));
    let mut t = CellStyle::new("carto-title", &DefaultFormat::default());
    t.set_font_bold();
    t.set_font_size(pt!(14));
    let title_style = wb.add_cellstyle(t);

    // A4 landscape, 1 cm margins; organization and sheet name on top, page
    // numbers at the bottom.
    let mut page = PageStyle::new("carto-page");
    page.set_page_width(cm!(29.7));
    page.set_page_height(cm!(21.0));
    page.set_print_orientation(PrintOrientation::Landscape);
    page.set_margin(spreadsheet_ods::style::units::Margin::Length(cm!(1)));
    // Without a height, LibreOffice gives the header and footer the page.
    for header in [true, false] {
        let hf = if header {
            page.headerstyle_mut()
        } else {
            page.footerstyle_mut()
        };
        hf.set_min_height(cm!(0.6));
        hf.set_dynamic_spacing(false);
        hf.set_margin(spreadsheet_ods::style::units::Margin::Length(cm!(0.2)));
    }
    let page = wb.add_pagestyle(page);
    let mut master = MasterPage::new("carto-master");
    master.set_pagestyle(&page);
    let mut header = HeaderFooter::new();
    header.add_left(
        TextP::new()
            .text(clean(&r.header.organization))
            .into_xmltag(),
    );
    header.add_right(TextP::new().text(title(r)).into_xmltag());
    master.set_header(header);
    let mut footer = HeaderFooter::new();
    footer.add_left(TextP::new().text(tr(r.lang, "Art. 30 GDPR")).into_xmltag());
    footer.add_right(
        TextP::new()
            .text(tr(r.lang, "Page"))
            .tag(TextS::new())
            .tag(MetaPageNumber::new())
            .text(" / ")
            .tag(MetaPageCount::new())
            .into_xmltag(),
    );
    master.set_footer(footer);
    let master = wb.add_masterpage(master);
    let mut table = TableStyle::new("carto-table");
    table.set_master_page(&master);
    let table = wb.add_tablestyle(table);

    // The summary.
    let mut sh = Sheet::new("Register");
    sh.set_style(&table);
    let chars: Vec<f64> = SUMMARY.iter().map(|(_, _, w)| *w).collect();
    for (c, w) in widths(&chars).iter().enumerate() {
        sh.set_col_width(c as u32, cm!(*w));
    }
    sh.set_styled_value(0, 0, clean(title(r)), &title_style);
    sh.set_row_height(0, pt!(24));
    let mut row = 1u32;
    for (k, v) in header_lines(r) {
        sh.set_styled_value(row, 0, k, &bold);
        sh.set_styled_value(row, 1, clean(&v), &base);
        sh.set_col_span(row, 1, SUMMARY.len() as u32 - 1);
        sh.set_row_height(row, pt!(row_height(&[(&v, 200.0)])));
        row += 1;
    }
    row += 1;
    let head_row = row;
    for (c, (h, _, _)) in SUMMARY.iter().enumerate() {
        sh.set_styled_value(row, c as u32, tr(r.lang, h), &bold);
    }
    let names = sheet_names(r);
    for rec in &r.records {
        row += 1;
        let texts = summary_row(rec, r.lang);
        for (c, text) in texts.iter().enumerate() {
            sh.set_styled_value(row, c as u32, clean(text), &base);
        }
        let cells: Vec<(&str, f64)> = texts
            .iter()
            .zip(SUMMARY)
            .map(|(t, (_, _, w))| (t.as_str(), *w))
            .collect();
        sh.set_row_height(row, pt!(row_height(&cells)));
    }
    sh.set_header_rows(head_row, head_row);
    wb.push_sheet(sh);

    // One sheet per record.
    const LABEL: f64 = 30.0;
    const VALUE: f64 = 110.0;
    let w = widths(&[LABEL, VALUE]);
    for (rec, name) in r.records.iter().zip(&names) {
        let mut sh = Sheet::new(name.as_str());
        sh.set_style(&table);
        sh.set_col_width(0, cm!(w[0]));
        sh.set_col_width(1, cm!(w[1]));
        sh.set_styled_value(
            0,
            0,
            clean(&format!("{} ({})", rec.name, rec.id)),
            &title_style,
        );
        sh.set_col_span(0, 0, 2);
        sh.set_row_height(0, pt!(24));
        sh.set_header_rows(0, 0);
        for (i, f) in rec.fields.iter().enumerate() {
            let row = i as u32 + 1;
            let label = format!("{}. {}", f.number, f.title);
            let value = lines(f, r.lang).join("\n");
            sh.set_row_height(row, pt!(row_height(&[(&label, LABEL), (&value, VALUE)])));
            sh.set_styled_value(row, 0, clean(&label), &bold);
            sh.set_styled_value(row, 1, clean(&value), &base);
        }
        wb.push_sheet(sh);
    }
    spreadsheet_ods::write_ods_buf(&mut wb, Vec::new())
}
