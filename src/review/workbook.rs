//! A reviewer's workbook (XLSX): instructions in French and English on
//! the first sheet; on the second, one row per grant with a drop-down
//! `decision` column and a free `comment` column, the only cells that are
//! not locked. Read back with calamine: rows may come back in any order,
//! but every other cell must be as it was sent.

use super::edit::Decision;
use super::{Campaign, Decided, Line, Reviewer};
use crate::model::Level;
use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The review sheet's name (the second sheet).
pub const SHEET: &str = "Review";

/// The columns: (English / French header, width). The first eleven are
/// the locked facts, then the decision and the comment.
pub const COLUMNS: &[(&str, f64)] = &[
    ("ref", 17.0),
    ("principal / titulaire", 18.0),
    ("kind / type", 16.0),
    ("status / statut", 8.0),
    ("application", 13.0),
    ("level / niveau", 8.0),
    ("data reached / données atteintes", 26.0),
    ("people behind it / personnes derrière", 22.0),
    ("reason / motif", 16.0),
    ("last reviewed / dernière revue", 11.0),
    ("findings / constats", 30.0),
    ("decision / décision", 20.0),
    ("comment / commentaire", 24.0),
];

/// Where the decision is (0-based column).
const DECISION: u16 = 11;

/// The drop-down's choices, each with the decision it means.
pub const CHOICES: &[(&str, Decision)] = &[
    ("keep - conserver", Decision::Keep),
    ("revoke - retirer", Decision::Revoke),
    ("set read - lecture", Decision::Level(Level::Read)),
    ("set write - écriture", Decision::Level(Level::Write)),
    ("set admin - administration", Decision::Level(Level::Admin)),
];

/// The text of a cell as written (formula-safe, cut to a cell's limit).
pub fn cell_text(s: &str) -> String {
    crate::export::formats::xlsx_cell(s)
}

/// A decision as written in the cell (the choice, its English or French word).
pub fn parse_decision(s: &str) -> Option<Decision> {
    let s = s.trim().to_lowercase();
    for (text, d) in CHOICES {
        let mut words = text.split(" - ");
        let (en, fr) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        if s == *text || s == en || s == fr || s == en.trim_start_matches("set ") {
            return Some(*d);
        }
    }
    None
}

const INSTRUCTIONS: &[&str] = &[
    "Access review / Revue des habilitations",
    "",
    "EN - For each row of the sheet \"Review\", choose a decision in the drop-down: keep (the access is still needed), revoke (remove it), or set read / write / admin (change its level). Add a comment when useful. Only the decision and comment columns can be changed; do not edit, add or remove other cells. Send the file back as it is (same name, XLSX).",
    "",
    "FR - Pour chaque ligne de la feuille « Review », choisissez une décision dans la liste : conserver (l'accès reste nécessaire), retirer (le supprimer), ou lecture / écriture / administration (changer son niveau). Ajoutez un commentaire si utile. Seules les colonnes décision et commentaire sont modifiables ; ne modifiez, n'ajoutez ni ne supprimez aucune autre cellule. Renvoyez le fichier tel quel (même nom, XLSX).",
    "",
    "Columns / Colonnes: ref = the grant's fingerprint / l'empreinte de l'habilitation; status: active, left (the person has left / la personne est partie), expired (the grant has expired / l'habilitation a expiré); data reached: special data first / données sensibles d'abord.",
];

fn sheet_err(e: XlsxError) -> String {
    format!("cannot write the workbook: {e}")
}

/// Writes one reviewer's workbook.
pub fn write(
    path: &std::path::Path,
    reviewer: &Reviewer,
    lines: &[&Line],
    started: &str,
) -> Result<(), String> {
    let mut wb = Workbook::new();
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let open = wrap.clone().set_unlocked().set_background_color("FFF7D6");
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("DCE6F0")
        .set_border(FormatBorder::Thin);
    {
        let s: &mut Worksheet = wb.add_worksheet();
        s.set_name("Instructions").map_err(sheet_err)?;
        s.set_column_width(0, 80).map_err(sheet_err)?;
        s.set_print_fit_to_pages(1, 0);
        let para = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        for (k, t) in INSTRUCTIONS.iter().enumerate() {
            let f = if k == 0 {
                Format::new().set_bold().set_font_size(14)
            } else {
                para.clone()
            };
            s.write_string_with_format(k as u32, 0, *t, &f)
                .map_err(sheet_err)?;
        }
        let meta = INSTRUCTIONS.len() as u32 + 1;
        let who = cell_text(&format!(
            "Reviewer / Relecteur: {} ({}, {})",
            reviewer.name, reviewer.id, reviewer.role
        ));
        s.write_string(meta, 0, &who).map_err(sheet_err)?;
        s.write_string(
            meta + 1,
            0,
            cell_text(&format!("Campaign started / Campagne lancée le: {started}")),
        )
        .map_err(sheet_err)?;
        s.set_row_height(2, 75).map_err(sheet_err)?;
        s.set_row_height(4, 90).map_err(sheet_err)?;
        s.set_row_height(6, 45).map_err(sheet_err)?;
        s.protect();
    }
    let s: &mut Worksheet = wb.add_worksheet();
    s.set_name(SHEET).map_err(sheet_err)?;
    for (c, (h, w)) in COLUMNS.iter().enumerate() {
        s.set_column_width(c as u16, *w).map_err(sheet_err)?;
        s.write_string_with_format(0, c as u16, *h, &head)
            .map_err(sheet_err)?;
    }
    s.set_row_height(0, crate::export::xlsx::row_height(COLUMNS) + 13.0)
        .map_err(sheet_err)?;
    s.set_freeze_panes(1, 2).map_err(sheet_err)?;
    for (r, line) in lines.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, text) in line.cells.iter().enumerate() {
            s.write_string_with_format(row, c as u16, text, &wrap)
                .map_err(sheet_err)?;
        }
        s.write_blank(row, DECISION, &open).map_err(sheet_err)?;
        s.write_blank(row, DECISION + 1, &open).map_err(sheet_err)?;
        // LibreOffice does not grow rows by itself: each row gets the
        // height of its wrapped text (as the register's workbook does).
        let cells: Vec<(&str, f64)> = line
            .cells
            .iter()
            .zip(COLUMNS)
            .map(|(t, (_, w))| (t.as_str(), *w))
            .collect();
        s.set_row_height(row, crate::export::xlsx::row_height(&cells))
            .map_err(sheet_err)?;
    }
    if !lines.is_empty() {
        let choices: Vec<&str> = CHOICES.iter().map(|(t, _)| *t).collect();
        let v = DataValidation::new()
            .allow_list_strings(&choices)
            .map_err(sheet_err)?;
        s.add_data_validation(1, DECISION, lines.len() as u32, DECISION, &v)
            .map_err(sheet_err)?;
    }
    s.set_landscape();
    s.set_paper_size(9);
    s.set_print_fit_to_pages(1, 0);
    s.set_repeat_rows(0, 0).map_err(sheet_err)?;
    s.protect();
    wb.save(path).map_err(sheet_err)
}

/// The decisions of a returned workbook; every problem, each with the
/// file and row, and nothing when one is found.
pub fn read(
    path: &std::path::Path,
    reviewer: &Reviewer,
    c: &Campaign,
) -> Result<Vec<Decided>, Vec<String>> {
    use calamine::Reader;
    let file = reviewer.file.clone();
    let fail = |m: String| vec![format!("{file}: {m}")];
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e| fail(format!("not a readable XLSX workbook ({e})")))?;
    let range = wb
        .worksheet_range(SHEET)
        .map_err(|_| fail(format!("it has no sheet named \"{SHEET}\"")))?;
    let mine: crate::hash::HashMap<&str, &Line> = c
        .lines
        .iter()
        .filter(|l| l.reviewer == reviewer.id)
        .map(|l| (l.fingerprint.as_str(), l))
        .collect();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen = crate::hash::HashSet::default();
    for (k, row) in range.rows().enumerate().skip(1) {
        let n = k + 1; // as the spreadsheet numbers rows
        let cell = |i: usize| row.get(i).map(|d| d.to_string()).unwrap_or_default();
        let fp = cell(0);
        if row.iter().all(|d| d.to_string().is_empty()) {
            continue;
        }
        let Some(line) = mine.get(fp.as_str()) else {
            errors.push(format!(
                "{file}, row {n}: unknown reference `{}` (a row was added or its first cell edited)",
                crate::text::escape(&fp)
            ));
            continue;
        };
        if !seen.insert(fp.clone()) {
            errors.push(format!(
                "{file}, row {n}: the grant `{}` appears twice",
                line.grant
            ));
            continue;
        }
        for (i, sent) in line.cells.iter().enumerate() {
            let now = cell(i);
            if now != *sent {
                errors.push(format!(
                    "{file}, row {n}: the cell \"{}\" was changed (sent: \"{}\", returned: \"{}\"); only the decision and the comment may be filled",
                    COLUMNS[i].0,
                    crate::text::escape(sent),
                    crate::text::escape(&now)
                ));
            }
        }
        let text = cell(DECISION as usize);
        let decision = if text.trim().is_empty() {
            None
        } else {
            match parse_decision(&text) {
                Some(d) => Some(d),
                None => {
                    errors.push(format!(
                        "{file}, row {n}: unknown decision \"{}\" (choose one of the list)",
                        crate::text::escape(&text)
                    ));
                    None
                }
            }
        };
        out.push(Decided {
            fingerprint: fp,
            grant: line.grant.clone(),
            reviewer: reviewer.id.clone(),
            decision,
            comment: cell(DECISION as usize + 1),
            file: file.clone(),
            row: n,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
