//! A hospital group on the site: an establishments table on the home page,
//! and on each establishment's page what belongs to it.

use super::{MAX_ROWS, Site, esc};
use crate::model::{Kind, OrgIx, Severity, Target};
use std::fmt::Write as _;

impl Site<'_> {
    /// Every establishment of a group, with the entities of each (empty
    /// when the inventory is not a group).
    fn establishments(&self) -> Vec<(OrgIx, Vec<Target>)> {
        let inv = self.input.inv;
        let mut by: std::collections::BTreeMap<OrgIx, Vec<Target>> = Default::default();
        for k in Kind::ALL {
            for t in inv.targets(k) {
                if let Some(e) = &inv.common(t).establishment {
                    by.entry(e.ix).or_default().push(t);
                }
            }
        }
        by.into_iter().collect()
    }

    /// The home page's table: per establishment, its applications,
    /// processings, people, and the findings about its entities.
    pub(super) fn group_table(&self, b: &mut String) {
        let all = self.establishments();
        if all.is_empty() {
            return;
        }
        let inv = self.input.inv;
        let l = self.l;
        let _ = writeln!(
            b,
            "<section aria-labelledby=\"establishments\"><h2 id=\"establishments\">{}</h2>\n<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            l.t("Establishments"),
            l.t("establishment"),
            l.t("applications"),
            l.t("processings"),
            l.t("people"),
            l.t("errors"),
            l.t("warnings")
        );
        for (e, members) in &all {
            let count = |k: Kind| members.iter().filter(|t| t.kind() == k).count();
            let mut ids: crate::hash::HashSet<&str> =
                members.iter().map(|t| &**inv.id(*t)).collect();
            ids.insert(&inv[*e].common.id);
            let sev = |s: Severity| {
                self.input
                    .findings
                    .iter()
                    .filter(|f| {
                        f.severity == s && f.entity.as_deref().is_some_and(|x| ids.contains(x))
                    })
                    .count()
            };
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                self.link(Target::Org(*e), ""),
                count(Kind::Application),
                count(Kind::Processing),
                count(Kind::Person),
                sev(Severity::Error),
                sev(Severity::Warning)
            );
        }
        b.push_str("</tbody></table></section>\n");
    }

    /// On an establishment's page: what belongs to it, by kind.
    pub(super) fn establishment_members(&self, t: Target, b: &mut String) {
        let Target::Org(o) = t else {
            return;
        };
        let Some((_, members)) = self.establishments().into_iter().find(|(e, _)| *e == o) else {
            return;
        };
        let l = self.l;
        let _ = writeln!(
            b,
            "<section aria-labelledby=\"members\"><h2 id=\"members\">{}</h2><dl>",
            l.t("Belongs to this establishment")
        );
        for k in Kind::ALL {
            let of: Vec<&Target> = members.iter().filter(|m| m.kind() == k).collect();
            if of.is_empty() {
                continue;
            }
            let links: Vec<String> = of
                .iter()
                .take(MAX_ROWS)
                .map(|m| self.link(**m, "../"))
                .collect();
            let more = if of.len() > MAX_ROWS {
                format!(" {}", l.f("and {} more", &[&(of.len() - MAX_ROWS)]))
            } else {
                String::new()
            };
            let _ = writeln!(
                b,
                "<dt>{}</dt><dd>{}{}</dd>",
                esc(k.section()),
                links.join(", "),
                esc(&more)
            );
        }
        b.push_str("</dl></section>\n");
    }
}
