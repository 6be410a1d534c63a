//! The site's home page: the organization, the ecosystem diagram, counts
//! per kind, findings by severity and family, maturity per ANSSI view, and
//! special data at a glance.

use super::{Site, SiteError, esc, shell};
use crate::graph::Filter;
use crate::hash::HashSet;
use crate::model::{Kind, Target};
use std::fmt::Write as _;

impl Site<'_> {
    pub(super) fn home(&mut self) -> Result<(), SiteError> {
        let i = self.input;
        let inv = i.inv;
        let l = self.l;
        let org = inv.self_org.map_or(l.t("The inventory").to_string(), |o| {
            inv[o].common.display_name().to_string()
        });
        let mut b = String::new();
        let commit = i
            .commit
            .as_deref()
            .map(|c| format!("<code>{}</code>", esc(&c[..c.len().min(12)])));
        let _ = writeln!(
            b,
            "<p>{}</p>",
            match &commit {
                Some(c) => l.f("Inventory as of {}, commit {}.", &[&esc(&i.today), c]),
                None => l.f("Inventory as of {}.", &[&esc(&i.today)]),
            }
        );
        if i.views
            .iter()
            .any(|v| v.name == "ecosystem" && v.svg.is_ok())
        {
            let _ = writeln!(
                b,
                "<figure class=\"home-diagram\"><a href=\"diagrams.html\"><img src=\"diagrams/ecosystem.svg\" alt=\"{}\"></a><figcaption><a href=\"diagrams.html\">{}</a></figcaption></figure>",
                l.t("The ecosystem: the organization and its partners"),
                l.t("All diagrams")
            );
        }
        let _ = writeln!(
            b,
            "<section aria-labelledby=\"counts\"><h2 id=\"counts\">{}</h2>\n<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            l.t("What it holds"),
            l.t("kind"),
            l.t("count")
        );
        for k in Kind::ALL {
            let n = inv.targets(k).count();
            if n > 0 {
                let _ = writeln!(
                    b,
                    "<tr><td><a href=\"kind-{}.html\">{}</a></td><td>{n}</td></tr>",
                    esc(k.section()),
                    esc(k.section())
                );
            }
        }
        b.push_str("</tbody></table></section>\n");
        let s = crate::diag::Summary::of(i.findings);
        let _ = writeln!(
            b,
            "<section aria-labelledby=\"findings\"><h2 id=\"findings\">{}</h2><p><a href=\"findings.html\">{}</a></p></section>",
            l.t("Findings"),
            l.f(
                "{} errors, {} warnings, {} info",
                &[&s.error, &s.warning, &s.info]
            )
        );
        // The findings by family and the maturity stay under their heading;
        // the establishments come after them.
        self.home_tables(&mut b);
        self.group_table(&mut b);
        // Special data at a glance.
        let _ = writeln!(
            b,
            "<section aria-labelledby=\"special\"><h2 id=\"special\">{}</h2>\n<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            l.t("Special data at a glance"),
            l.t("category"),
            l.t("held by"),
            l.t("people who reach it"),
            l.t("transfers outside the EEA")
        );
        for d in (0..inv.data.len() as u32).map(crate::model::DataIx) {
            if inv[d].special.is_none() || !inv[d].personal {
                continue;
            }
            let r = i.graph.reach(d);
            let apps: Vec<String> = r
                .applications
                .iter()
                .map(|(a, _)| self.link(Target::App(*a), ""))
                .collect();
            // Counting people means deriving everyone's access to the
            // category: done on inventories of up to 2,000 applications.
            let people = (inv.applications.len() <= 2000).then(|| {
                i.graph
                    .who(Target::Data(d), &Filter::default())
                    .iter()
                    .filter(|row| matches!(row.principal, Target::Person(_)))
                    .map(|row| row.principal)
                    .collect::<HashSet<Target>>()
                    .len()
            });
            let outside: Vec<String> = r
                .transfers
                .iter()
                .filter(|t| !crate::model::EEA.contains(&t.country.as_str()))
                .map(|t| {
                    format!(
                        "{} ({})",
                        self.link(Target::Org(t.org), ""),
                        esc(t.country.as_str())
                    )
                })
                .collect();
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                self.link(Target::Data(d), ""),
                apps.join(", "),
                people.map_or_else(
                    || format!(
                        "<code>carto who {} --kind person</code>",
                        esc(&inv[d].common.id)
                    ),
                    |n| n.to_string()
                ),
                if outside.is_empty() {
                    l.t("none").to_string()
                } else {
                    outside.join(", ")
                }
            );
        }
        b.push_str("</tbody></table></section>\n");
        let page = shell(l, &org, "", &b, &[]);
        self.write("index.html", &page)
    }

    /// The home page's findings by family and severity, and its maturity
    /// per ANSSI view.
    fn home_tables(&self, b: &mut String) {
        let l = self.l;
        // Families: the letters of the rule ids (GDPR, SEC, ACC, INV, POL).
        let mut families: std::collections::BTreeMap<String, [usize; 3]> = Default::default();
        for f in self.input.findings {
            let family: String = f
                .rule
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let counts = families.entry(family).or_default();
            match f.severity {
                crate::model::Severity::Error => counts[0] += 1,
                crate::model::Severity::Warning => counts[1] += 1,
                _ => counts[2] += 1,
            }
        }
        if !families.is_empty() {
            let _ = write!(b, "<table><thead><tr>");
            for h in ["family", "errors", "warnings", "info"] {
                let _ = write!(b, "<th scope=\"col\">{}</th>", l.t(h));
            }
            b.push_str("</tr></thead><tbody>\n");
            for (family, [e, w, i]) in &families {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{e}</td><td>{w}</td><td>{i}</td></tr>",
                    esc(family)
                );
            }
            b.push_str("</tbody></table>\n");
        }
        let _ = write!(
            b,
            "<section aria-labelledby=\"maturity\"><h2 id=\"maturity\">{}</h2>\n<table><thead><tr><th scope=\"col\">{}</th>",
            l.t("Maturity per ANSSI view"),
            l.t("view")
        );
        for level in 1..=3 {
            let _ = write!(b, "<th scope=\"col\">{}</th>", l.f("level {}", &[&level]));
        }
        b.push_str("</tr></thead><tbody>\n");
        for v in crate::maturity::assess(self.input.inv) {
            let _ = write!(b, "<tr><td>{}</td>", esc(v.view));
            for s in &v.levels {
                let _ = write!(b, "<td>{}% ({}/{})</td>", s.percent(), s.met, s.total);
            }
            b.push_str("</tr>\n");
        }
        b.push_str("</tbody></table></section>\n");
    }
}
