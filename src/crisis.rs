//! The crisis pack: one self-contained HTML document (no script, no
//! external resource), made to be printed on A4 before the day the network
//! is encrypted: who to call, the restore order, the tier-0 list and the
//! attack paths to it, then one page per vital application with its
//! targets, degraded mode, dependencies, backups and admin access.

use crate::continuity::{Dependencies, recovery, restore_order};
use crate::export::formats::html_escape as esc;
use crate::export::lang::Words;
use crate::graph::Graph;
use crate::model::{
    AccountKind, AppIx, Contact, Criticality, Date, Inventory, Language, Level, OrgIx, Target,
};
use crate::tier::{Start, Tiering, Why};
use std::fmt::Write;

/// What goes into the pack.
pub struct Options {
    /// The lowest criticality given a page of its own.
    pub min: Criticality,
    pub today: Date,
    pub lang: Language,
}

const STYLE: &str = "@page{size:A4;margin:14mm}
body{font:10pt/1.35 'DejaVu Sans',Arial,sans-serif;color:#111;margin:0}
h1{font-size:20pt;margin:0 0 4mm}h2{font-size:14pt;margin:6mm 0 2mm;border-bottom:1.5pt solid #111}
h3{font-size:11pt;margin:4mm 0 1mm}
table{border-collapse:collapse;width:100%;margin:1mm 0 3mm;page-break-inside:auto}
tr{page-break-inside:avoid}th,td{border:.5pt solid #555;padding:1mm 1.5mm;text-align:left;vertical-align:top}
th{background:#e8e8e8}.app{break-before:page}.warn{font-weight:bold;color:#900}
.meta{color:#444}.k{width:32%}ol li{margin:.5mm 0}
@media screen{body{max-width:200mm;margin:8mm auto}}";

fn warn(l: Words, en: &'static str) -> String {
    format!("<span class=\"warn\">{}</span>", l.t(en))
}

fn contact(l: Words, c: Option<&Contact>) -> String {
    let Some(c) = c else {
        return warn(l, "no contact recorded");
    };
    [c.name.as_deref(), c.phone.as_deref(), c.email.as_deref()]
        .into_iter()
        .flatten()
        .map(esc)
        .collect::<Vec<_>>()
        .join(" · ")
}

fn name(inv: &Inventory, t: Target) -> String {
    let c = inv.common(t);
    match &c.name {
        Some(n) => format!("{} ({})", esc(n), esc(&c.id)),
        None => esc(&c.id),
    }
}

fn org_line(l: Words, inv: &Inventory, o: OrgIx) -> String {
    let org = &inv[o];
    let contract = org
        .contract
        .as_ref()
        .and_then(|c| c.reference.as_deref())
        .map(|r| l.f(", contract {}", &[&esc(r)]))
        .unwrap_or_default();
    format!(
        "{}{contract}: {}",
        name(inv, Target::Org(o)),
        contact(l, org.support.as_ref())
    )
}

/// A recovery time and what says it, in the pack's language.
fn recovery_text(l: Words, inv: &Inventory, a: AppIx) -> Option<String> {
    recovery(inv, a).map(|(d, w)| format!("{} {d}", l.t(w)))
}

/// The pack, as one HTML document.
pub fn pack(inv: &Inventory, g: &Graph, opts: &Options) -> String {
    let t = Tiering::build(g);
    let deps = Dependencies::build(inv, g);
    let vital: Vec<AppIx> = (0..inv.applications.len())
        .map(|i| AppIx(i as u32))
        .filter(|a| inv[*a].criticality.is_some_and(|c| c >= opts.min))
        .collect();
    let l = Words(opts.lang);
    let org = inv.self_org.map(|o| &inv[o]);
    let title = org.map_or(l.t("the organization").to_string(), |o| {
        esc(o.common.display_name())
    });
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        opts.lang.as_str(),
        l.f("Crisis pack: {}", &[&title])
    );
    let _ = write!(
        s,
        "<h1>{}</h1><p class=\"meta\">{}</p>",
        l.f("Crisis pack: {}", &[&title]),
        l.f(
            "Made by carto from the inventory on {}. Print it and keep it offline: it is for the day the network and the directory cannot be used.",
            &[&opts.today]
        )
    );
    // Whom to call: about the vital applications and the tier-0 ones.
    let mut called = vital.clone();
    called.extend(t.tier0.members(&t.control).filter_map(|(m, _)| match m {
        Target::App(a) => Some(a),
        _ => None,
    }));
    contacts(&mut s, l, inv, &called);
    // Restore order.
    let _ = write!(
        s,
        "<h2>{}</h2><p>{}</p><ol>",
        l.t("Restore order"),
        l.t("Dependencies first, then the most urgent (the shortest RTO among an application and what waits for it); among applications that depend on each other, the shortest RTO first.")
    );
    for a in restore_order(inv, &deps, &vital).into_iter().flatten() {
        let r = recovery_text(l, inv, a)
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        let _ = write!(s, "<li>{}{r}</li>", name(inv, Target::App(a)));
    }
    s.push_str("</ol>");
    tier0(&mut s, l, inv, &t);
    for a in &vital {
        application(&mut s, l, inv, g, &deps, *a);
    }
    s.push_str("</body></html>\n");
    s
}

fn contacts(s: &mut String, l: Words, inv: &Inventory, vital: &[AppIx]) {
    let _ = write!(
        s,
        "<h2>{}</h2><table><tr><th class=\"k\">{}</th><th>{}</th></tr>",
        l.t("Who to call"),
        l.t("who"),
        l.t("contact")
    );
    if let Some(o) = inv.self_org {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td></tr>",
            l.t("Data protection officer"),
            contact(l, inv[o].dpo.as_ref())
        );
    }
    // Vendors and hosts of the vital applications, once each.
    let mut orgs: Vec<OrgIx> = Vec::new();
    for a in vital {
        let app = &inv[*a];
        let host = app.hosting.as_ref().and_then(|h| h.provider.as_ref());
        for o in app.vendor.iter().chain(host) {
            if !orgs.contains(&o.ix) && Some(o.ix) != inv.self_org {
                orgs.push(o.ix);
            }
        }
    }
    for o in orgs {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td></tr>",
            l.t(inv[o].kind.as_str()),
            org_line(l, inv, o)
        );
    }
    s.push_str("</table>");
}

fn tier0(s: &mut String, l: Words, inv: &Inventory, t: &Tiering) {
    let c = &t.control;
    let _ = write!(
        s,
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        l.t("Tier 0"),
        l.t("What controls the whole information system: rebuild and check these first, from clean media, before reconnecting anything."),
        l.t("member"),
        l.t("kind"),
        l.t("why")
    );
    for (m, why) in t.tier0.members(c) {
        let reason = match why {
            Why::Declared(_) => l.t("declared tier 0").to_string(),
            Why::Controls(e) => {
                let e = &c.edges[e as usize];
                format!("{} {}", l.t(e.fact), crate::tier::node_name(c, e.to))
            }
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            name(inv, m),
            l.t(m.kind().noun()),
            esc(&reason)
        );
    }
    s.push_str("</table>");
    let starts = t.starts(&[Start::Internet, Start::Vendors]);
    let paths = crate::tier::paths_to(c, &t.assets(), &starts);
    if !paths.is_empty() {
        let _ = write!(
            s,
            "<h3>{}</h3><ul>",
            l.t("Ways in (attack paths to tier 0)")
        );
        for p in &paths {
            let steps: Vec<String> = p
                .steps(c)
                .iter()
                .map(|st| {
                    let mfa = match st.mfa {
                        Some(false) => format!(" {}", warn(l, "(no MFA)")),
                        _ => String::new(),
                    };
                    format!("{} {} {}{mfa}", esc(&st.from), l.t(st.fact), esc(&st.to))
                })
                .collect();
            let _ = write!(s, "<li>{}</li>", steps.join(" → "));
        }
        s.push_str("</ul>");
    }
}

fn application(
    s: &mut String,
    l: Words,
    inv: &Inventory,
    g: &Graph,
    deps: &Dependencies,
    a: AppIx,
) {
    let app = &inv[a];
    let d =
        |x: Option<crate::model::Duration>| x.map_or(l.t("not set").to_string(), |d| d.to_string());
    let _ = write!(
        s,
        "<section class=\"app\"><h2>{}</h2><table>",
        name(inv, Target::App(a))
    );
    let row = |s: &mut String, k: &'static str, v: String| {
        let _ = write!(s, "<tr><th class=\"k\">{}</th><td>{v}</td></tr>", l.t(k));
    };
    row(
        s,
        "Criticality, RTO, RPO",
        l.f(
            "{}, RTO {}, RPO {}",
            &[
                &app.criticality.map(|c| l.t(c.as_str())).unwrap_or_default(),
                &d(app.rto),
                &d(app.rpo),
            ],
        ),
    );
    row(
        s,
        "Degraded mode",
        app.degraded_mode
            .as_deref()
            .map_or(warn(l, "no procedure recorded"), esc),
    );
    let owner = app.common.owner.as_ref().map_or(warn(l, "no owner"), |o| {
        let email = match o.ix {
            Target::Person(p) => inv[p]
                .email
                .as_deref()
                .map(|e| format!(" · {}", esc(e)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        format!("{}{email}", name(inv, o.ix))
    });
    row(s, "Owner", owner);
    if let Some(v) = &app.vendor {
        row(s, "Vendor", org_line(l, inv, v.ix));
    }
    if let Some(p) = app.hosting.as_ref().and_then(|h| h.provider.as_ref()) {
        row(s, "Host", org_line(l, inv, p.ix));
    }
    let servers: Vec<String> = app
        .servers
        .iter()
        .map(|sv| {
            let srv = &inv[sv.ix];
            let zone = srv
                .zone
                .as_ref()
                .map(|z| format!(", zone {}", esc(&z.id)))
                .unwrap_or_default();
            format!("{}{zone}", name(inv, Target::Server(sv.ix)))
        })
        .collect();
    row(
        s,
        "Runs on",
        if servers.is_empty() {
            "-".into()
        } else {
            servers.join("<br>")
        },
    );
    let direct: Vec<String> = deps.direct[a.i()]
        .iter()
        .map(|dep| {
            let r = recovery_text(l, inv, dep.app)
                .map(|t| format!(", {t}"))
                .unwrap_or_default();
            format!(
                "{}: {}{r}",
                name(inv, Target::App(dep.app)),
                l.t(dep.need.as_str())
            )
        })
        .collect();
    row(
        s,
        "Depends on",
        if direct.is_empty() {
            "-".into()
        } else {
            direct.join("<br>")
        },
    );
    let mut targets = crate::continuity::backup_problems(l, app);
    if let Some(b) = app.rto.and_then(|rto| deps.first_break(inv, a, rto)) {
        targets.push(crate::continuity::break_sentence(l, inv, &b));
    }
    row(
        s,
        "Targets",
        if targets.is_empty() {
            l.t("hold").into()
        } else {
            format!("<span class=\"warn\">{}</span>", esc(&targets.join("; ")))
        },
    );
    let backup = app
        .backup
        .as_ref()
        .map_or(warn(l, "no backup recorded"), |b| {
            let yes = |x: Option<bool>| l.t(if x == Some(true) { "yes" } else { "no" });
            let by = b
                .system
                .as_ref()
                .map(|x| l.f(", by {}", &[&esc(&x.id)]))
                .unwrap_or_default();
            format!(
                "{}{by}",
                l.f(
                    "every {}, offline {}, immutable {}, last restore test {}, restore time {}",
                    &[
                        &d(b.frequency),
                        &yes(b.offline),
                        &yes(b.immutable),
                        &b.last_restore_test
                            .map_or(l.t("never").to_string(), |t| t.to_string()),
                        &d(b.restore_time),
                    ]
                )
            )
        });
    row(s, "Backups", backup);
    let _ = write!(
        s,
        "</table><h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        l.t("Administration and emergency access"),
        l.t("who"),
        l.t("on"),
        l.t("how")
    );
    let mut any = false;
    for gx in g.grants_on(a) {
        let gr = &inv[gx];
        let break_glass =
            matches!(gr.who.ix, Target::Account(x) if inv[x].kind == Some(AccountKind::BreakGlass));
        if gr.level != Level::Admin && !break_glass {
            continue;
        }
        any = true;
        let how = [
            break_glass.then_some("break-glass".to_string()),
            gr.via.as_ref().map(|v| l.f("via {}", &[&esc(&v.id)])),
            Some(
                l.t(if g.path_mfa(gx, a) { "MFA" } else { "no MFA" })
                    .to_string(),
            ),
            (gr.remote == Some(true)).then_some(l.t("remote").to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let owner = inv
            .common(gr.who.ix)
            .owner
            .as_ref()
            .map(|o| l.f(" (owner {})", &[&esc(&o.id)]))
            .unwrap_or_default();
        let _ = write!(
            s,
            "<tr><td>{}{owner}</td><td>{}</td><td>{how}</td></tr>",
            name(inv, gr.who.ix),
            esc(&gr.to.id)
        );
    }
    if !any {
        let _ = write!(
            s,
            "<tr><td colspan=\"3\">{}</td></tr>",
            warn(l, "no admin or break-glass access recorded")
        );
    }
    s.push_str("</table></section>");
}
