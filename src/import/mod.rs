//! Importers: other tools' exports turned into inventory YAML, checked by
//! the loader before anything is written. Field types come from the one
//! field table of the format ([`crate::schema`]); the YAML is written with
//! [`quoted`] values, so whatever a cell holds, the file loads and reads
//! back the same text.

pub mod csv;
pub mod fides;
pub mod mercator;

/// One thing an import could not map: the file it is in, the object, the
/// field and its value (the import report).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Unmapped {
    pub file: String,
    pub object: String,
    pub field: String,
    pub value: String,
}

/// The value of the first row of `table` one of whose words `text` (in
/// lower case) contains: free text of another tool read as one of carto's values.
pub fn by_words<T: Copy>(text: &str, table: &[(&[&str], T)]) -> Option<T> {
    let t = text.to_lowercase();
    table
        .iter()
        .find(|(words, _)| words.iter().any(|w| t.contains(w)))
        .map(|(_, v)| *v)
}

/// An id from a spreadsheet: lower case, spaces and other characters to `-`.
pub fn to_id(s: &str) -> String {
    let mut out = String::new();
    // Accented Latin letters keep their base letter (`Identité` -> `identite`).
    let folded: String = s
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| {
            let base = match c {
                'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
                'é' | 'è' | 'ê' | 'ë' => "e",
                'î' | 'ï' | 'í' | 'ì' => "i",
                'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
                'ù' | 'û' | 'ü' | 'ú' => "u",
                'ç' => "c",
                'ñ' => "n",
                'ÿ' => "y",
                'œ' => "oe",
                'æ' => "ae",
                'ß' => "ss",
                _ => "",
            };
            if base.is_empty() {
                vec![c]
            } else {
                base.chars().collect()
            }
        })
        .collect();
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(128).collect()
}

/// A YAML double-quoted scalar: every character outside YAML's printable
/// set (controls, DEL, C1, U+FFFE/U+FFFF, lone BOM) is written as an
/// escape, so that whatever a cell holds, the file loads and reads back the
/// same text.
pub fn quoted(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. if c != '\u{FEFF}' => {
                out.push(c)
            }
            c if (c as u32) <= 0xFF => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// The generated YAML, checked by the loader itself (with a `self`
/// organization supplied, and references left to the inventory that will
/// hold the file): the errors, each with the CSV line of its row.
pub fn validate(yaml: &str, rows_at: &[(u32, u64)]) -> Vec<String> {
    let files = vec![
        ("import.yaml".to_string(), yaml.as_bytes().to_vec()),
        (
            "zz-self.yaml".to_string(),
            b"organizations:\n  - {id: zz-carto-import-self, kind: self, country: FR}\n".to_vec(),
        ),
    ];
    let Err(failure) = crate::load::load_blobs(std::path::Path::new("import"), files, Vec::new())
    else {
        return Vec::new();
    };
    failure
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::model::Severity::Error)
        .filter(|d| !matches!(d.rule.as_str(), "INV001" | "INV002" | "INV007"))
        .map(|d| {
            let row = d.at.and_then(|at| {
                rows_at
                    .iter()
                    .rev()
                    .find(|(y, _)| *y <= at.line && at.file == 0)
                    .map(|(_, l)| *l)
            });
            match row {
                Some(l) => format!("line {l}: {} [{}]", d.message, d.rule),
                None => format!("{} [{}]", d.message, d.rule),
            }
        })
        .collect()
}
