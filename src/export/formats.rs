//! The register's formats. Each one lays out the same [`Register`]; every
//! text from the inventory goes through the escaping of its format:
//! [`md_escape`], [`html_escape`], [`safe_cell`] (CSV and XLSX).

use super::lang::{tr, trf};
use super::register::{Field, Item, Record, Register};
use crate::model::Language;
use std::fmt::Write;

/// A spreadsheet cell from the inventory: a leading `=`, `+`, `-`, `@`, tab
/// or carriage return would make a spreadsheet run it as a formula; a
/// leading quote neutralises it.
pub fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The most characters a spreadsheet cell holds (Excel, LibreOffice).
pub(super) const CELL_MAX: usize = 32_767;

/// An XLSX cell: [`safe_cell`], and cut to [`CELL_MAX`] characters with a
/// marker saying so (a longer text makes the whole workbook invalid).
pub fn xlsx_cell(s: &str) -> String {
    let s = safe_cell(s);
    if s.chars().count() <= CELL_MAX {
        return s;
    }
    const MARK: &str =
        " [... cut: a cell holds at most 32,767 characters; see the HTML or JSON register]";
    let mut out: String = s.chars().take(CELL_MAX - MARK.chars().count()).collect();
    out.push_str(MARK);
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Runs of ordinary text are copied whole (pages of the site are
    // gigabytes of escaped text at 10,000 applications).
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}

/// Escapes text for Markdown: inline markup, links, HTML and table pipes
/// are shown as written; line breaks become spaces.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mark(i: &Item, lang: Language) -> String {
    if i.derived {
        format!(" *{}*", tr(lang, "(derived)"))
    } else {
        String::new()
    }
}

/// The header lines, as (label, value).
pub(super) fn header_lines(r: &Register) -> Vec<(&'static str, String)> {
    let h = &r.header;
    let t = |s: &'static str| tr(r.lang, s);
    let mut v = vec![(t("Organization"), format!("{} ({})", h.organization, h.id))];
    if let Some(a) = &h.address {
        v.push((t("Address"), a.clone()));
    }
    if let Some(x) = &h.representative {
        v.push((t("Legal representative"), x.clone()));
    }
    v.push((
        t("Data protection officer"),
        h.dpo.clone().unwrap_or_else(|| t("not declared").into()),
    ));
    v.push((t("Generated"), h.generated.clone()));
    v.push((
        t("Inventory revision"),
        h.revision.clone().unwrap_or_else(|| t("not in git").into()),
    ));
    v
}

pub(super) fn title(r: &Register) -> &'static str {
    tr(
        r.lang,
        if r.header.processor_register {
            "Register of processing activities: processor (Art. 30(2) GDPR)"
        } else {
            "Register of processing activities (Art. 30(1) GDPR)"
        },
    )
}

pub(super) fn status(rec: &Record, lang: Language) -> String {
    let st = |s: &String| tr(lang, dpia_status_word(s));
    match (&rec.dpia.required, &rec.dpia.status) {
        (true, Some(s)) => trf(lang, "DPIA required; status: {}", &[&st(s)]),
        (true, None) => tr(lang, "DPIA required; no status").to_string(),
        (false, Some(s)) => trf(lang, "DPIA not required; status: {}", &[&st(s)]),
        (false, None) => tr(lang, "DPIA not required").to_string(),
    }
}

/// A declared DPIA status as a key of the word table.
fn dpia_status_word(s: &str) -> &'static str {
    crate::model::DpiaStatus::parse(s).map_or("not given", |x| x.as_str())
}

/// Markdown: readable in a git forge, one section per processing.
pub fn markdown(r: &Register) -> String {
    let mut s = format!("# {}\n\n", title(r));
    for (k, v) in header_lines(r) {
        let _ = writeln!(s, "- **{k}**: {}", md_escape(&v));
    }
    let _ = writeln!(
        s,
        "\n{}\n\n## {}\n",
        tr(
            r.lang,
            "Values in italics are derived by carto from the inventory (grants, flows, hosting), not written in the processing."
        ),
        tr(r.lang, "Processings")
    );
    let _ = writeln!(
        s,
        "| # | {} | {} |\n|---|---|---|",
        tr(r.lang, "Processing"),
        tr(r.lang, "DPIA")
    );
    for (i, rec) in r.records.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | [{}](#{}) | {} |",
            i + 1,
            md_escape(&rec.name),
            rec.id.replace('.', ""),
            md_escape(&status(rec, r.lang))
        );
    }
    for rec in &r.records {
        let _ = writeln!(
            s,
            "\n## {}\n\n<a id=\"{}\"></a>\n",
            md_escape(&rec.name),
            rec.id.replace('.', "")
        );
        for f in &rec.fields {
            let _ = writeln!(s, "**{}. {}**\n", f.number, f.title);
            let empty = f.items().next().is_none();
            if empty {
                let _ = writeln!(s, "- *({})*", tr(r.lang, "none"));
            }
            for (h, items) in &f.groups {
                if items.is_empty() {
                    continue;
                }
                if !h.is_empty() {
                    let _ = writeln!(s, "- {}:", md_escape(h));
                }
                let indent = if h.is_empty() { "" } else { "  " };
                for i in items {
                    let _ = writeln!(s, "{indent}- {}{}", md_escape(&i.text), mark(i, r.lang));
                }
            }
            s.push('\n');
        }
    }
    s
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1d2733;max-width:62rem;margin:2rem auto;padding:0 1.5rem;line-height:1.45}
h1{font-size:1.6rem;border-bottom:3px solid #1f5c99;padding-bottom:.4rem}h2{font-size:1.25rem;color:#1f5c99;margin-top:2.5rem;border-bottom:1px solid #c9d6e3;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.8rem 0}th,td{border:1px solid #c9d6e3;padding:.35rem .5rem;vertical-align:top;text-align:left}th{background:#eef3f8;width:16rem;font-weight:600}
.derived{color:#7a4b00;font-style:italic}.derived::after{content:var(--derived);font-size:.8em}.none{color:#8a94a0}.toc li{margin:.15rem 0}
ul{margin:0;padding-left:1.1rem}.group{font-weight:600;margin-top:.3rem}.meta th{width:14rem}.required{color:#a11}.legend{font-size:.9em;color:#44505c}
th.rec-title{background:none;border:none;padding:0;width:auto}th.rec-title h2{margin:1.5rem 0 .3rem}
@media print{body{margin:0;max-width:none;font-size:9.5pt}section.record{break-before:page}a{color:inherit;text-decoration:none}.toc{break-after:page}
tr{break-inside:avoid}thead{display:table-header-group}th.rec-title h2{margin:0 0 .3rem}}";

/// CSS text for a `content:` string: quotes, backslashes and controls escaped.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '<' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Paged media: A4, the organization and the date at the top of every page,
/// page numbers at the bottom (Chromium prints these margin boxes).
fn page_css(r: &Register) -> String {
    format!(
        ":root{{--derived:{}}}@page{{size:A4;margin:16mm 14mm 16mm 14mm;@top-left{{content:{};font:8pt sans-serif;color:#44505c}}@top-right{{content:{};font:8pt sans-serif;color:#44505c}}@bottom-right{{content:\"Page \" counter(page) \" / \" counter(pages);font:8pt sans-serif;color:#44505c}}}}",
        css_string(&format!(" {}", tr(r.lang, "(derived)"))),
        css_string(&format!("{}: {}", r.header.organization, title(r))),
        css_string(&r.header.generated)
    )
}

/// HTML: one self-contained printable file with a table of contents.
pub fn html(r: &Register) -> String {
    let e = html_escape;
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} - {}</title>\n<style>{CSS}\n{}</style>\n</head>\n<body>\n<h1>{}</h1>\n<table class=\"meta\">\n",
        r.lang.as_str(),
        e(title(r)),
        e(&r.header.organization),
        page_css(r),
        e(title(r))
    );
    for (k, v) in header_lines(r) {
        let _ = writeln!(s, "<tr><th>{k}</th><td>{}</td></tr>", e(&v));
    }
    let _ = writeln!(
        s,
        "</table>\n<p class=\"legend\">{}</p>\n<nav class=\"toc\"><h2>{}</h2><ol>",
        e(tr(
            r.lang,
            "Values in italics are derived by carto from the inventory (grants, flows, hosting), not written in the processing."
        )),
        e(tr(r.lang, "Processings"))
    );
    for rec in &r.records {
        let _ = writeln!(
            s,
            "<li><a href=\"#p-{}\">{}</a> <span class=\"legend\">({})</span></li>",
            e(&rec.id),
            e(&rec.name),
            e(&status(rec, r.lang))
        );
    }
    s.push_str("</ol></nav>\n");
    for rec in &r.records {
        html_record(&mut s, rec, r.lang);
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// One record of the register as an HTML section (the register page, and
/// a processing's page of the site).
pub fn html_record(s: &mut String, rec: &Record, lang: Language) {
    let e = html_escape;
    let _ = writeln!(
        s,
        "<section class=\"record\" id=\"p-{}\">\n<table>\n<thead><tr><th colspan=\"2\" class=\"rec-title\"><h2>{}</h2></th></tr></thead>\n<tbody>",
        e(&rec.id),
        e(&rec.name)
    );
    for f in &rec.fields {
        let _ = write!(s, "<tr><th>{}. {}</th><td>", f.number, e(f.title));
        html_field(s, f, lang);
        s.push_str("</td></tr>\n");
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}

fn html_field(s: &mut String, f: &Field, lang: Language) {
    if f.items().next().is_none() {
        let _ = write!(s, "<span class=\"none\">{}</span>", tr(lang, "none"));
        return;
    }
    for (h, items) in &f.groups {
        if items.is_empty() {
            continue;
        }
        if !h.is_empty() {
            let _ = write!(s, "<div class=\"group\">{}</div>", html_escape(h));
        }
        s.push_str("<ul>");
        for i in items {
            let class = if i.derived { " class=\"derived\"" } else { "" };
            let _ = write!(s, "<li{class}>{}</li>", html_escape(&i.text));
        }
        s.push_str("</ul>");
    }
}

/// The values of a field as lines of text, headings and derived marks included.
pub(super) fn lines(f: &Field, lang: Language) -> Vec<String> {
    f.groups
        .iter()
        .flat_map(|(h, items)| {
            items.iter().map(move |i| {
                let prefix = if h.is_empty() {
                    String::new()
                } else {
                    format!("{h}: ")
                };
                format!(
                    "{prefix}{}{}",
                    i.text,
                    if i.derived {
                        format!(" {}", tr(lang, "(derived)"))
                    } else {
                        String::new()
                    }
                )
            })
        })
        .collect()
}

/// The text of a field for one cell: values joined with `; `.
pub(super) fn cell(f: &Field, lang: Language) -> String {
    lines(f, lang).join("; ")
}

/// CSV: one row per processing, one column per field.
pub fn csv(r: &Register) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![tr(r.lang, "id").to_string()];
    if let Some(rec) = r.records.first() {
        head.extend(
            rec.fields
                .iter()
                .map(|f| format!("{}. {}", f.number, f.title)),
        );
    }
    w.write_record(&head)?;
    for rec in &r.records {
        let mut row = vec![safe_cell(&rec.id)];
        row.extend(rec.fields.iter().map(|f| safe_cell(&cell(f, r.lang))));
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// JSON: the contract of cli.md.
pub fn json(r: &Register) -> serde_json::Value {
    // Each item: its text and, for tools, what it is about (ids, country,
    // safeguard ...), flattened beside the text.
    let items = |v: &[Item]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|i| {
                let mut o = serde_json::json!({"text": i.text, "derived": i.derived});
                if let (Some(a), Some(m)) = (&i.about, o.as_object_mut())
                    && let Ok(serde_json::Value::Object(facts)) = serde_json::to_value(a)
                {
                    for (k, v) in facts {
                        if !(k == "id" && v == "") {
                            m.insert(k, v);
                        }
                    }
                }
                o
            })
            .collect()
    };
    let field = |rec: &Record, n: u8| -> Vec<String> {
        rec.fields
            .iter()
            .find(|f| f.number == n)
            .map(|f| f.items().map(|i| i.text.clone()).collect())
            .unwrap_or_default()
    };
    let h = &r.header;
    serde_json::json!({
        "version": 2,
        "register": if h.processor_register { "processor" } else { "controller" },
        "organization": {
            "id": h.id, "name": h.organization, "address": h.address,
            "representative": h.representative, "dpo": h.dpo,
            "generated": h.generated, "revision": h.revision,
        },
        "processings": r.records.iter().map(|rec| serde_json::json!({
            "id": rec.id,
            "name": rec.name,
            "purpose": field(rec, 4).first(),
            "legal_basis": field(rec, 5).first(),
            "special_condition": field(rec, 6).first(),
            "subjects": rec.subjects,
            "data": rec.data,
            "special_data": rec.special_data,
            "recipients": items(&rec.recipients),
            "processors": items(&rec.processors),
            "transfers": items(&rec.transfers),
            "retention": items(&rec.retention),
            "measures": items(&rec.measures),
            "dpia": {
                "required": rec.dpia.required,
                "reasons": rec.dpia.reasons.iter().map(|(c, t)| serde_json::json!({"code": c, "text": t})).collect::<Vec<_>>(),
                "status": rec.dpia.status,
                "ref": rec.dpia.reference,
            },
            "applications": rec.applications,
            "fields": rec.fields.iter().map(|f| serde_json::json!({
                "number": f.number, "title": f.title,
                "groups": f.groups.iter().map(|(h, v)| serde_json::json!({"heading": h, "values": items(v)})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            html_escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(
            md_escape("*bold* [link](x) | <b>\nnext"),
            "\\*bold\\* \\[link\\](x) \\| \\<b\\> next"
        );
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("-1+1"), "'-1+1");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("plain"), "plain");
    }
}
