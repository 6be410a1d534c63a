//! The inventory in the Open Group ArchiMate Model Exchange File Format
//! (3.1), for Archi and the other modelling tools: applications as
//! application components, data categories as data objects, organizations
//! as business actors, processings as business processes, servers as
//! nodes, sites as locations, zones as communication networks; flows,
//! holdings, hosting and uses as relationships; every carto field as a
//! property; and one view per carto diagram view, laid out by Graphviz when
//! the caller gives the positions.

use super::formats::html_escape;
use crate::graph::Graph;
use crate::hash::HashMap;
use crate::model::{Inventory, Kind, Target};
use std::fmt::Write as _;

/// A view: its name and the boxes of its elements (x, y, width, height
/// in pixels, origin top left).
pub struct ViewLayout {
    pub name: String,
    pub nodes: Vec<(Target, i64, i64, i64, i64)>,
}

/// The ArchiMate element type of a kind, when it is exported.
fn element_type(k: Kind) -> Option<&'static str> {
    Some(match k {
        Kind::Application => "ApplicationComponent",
        Kind::Data => "DataObject",
        Kind::Organization => "BusinessActor",
        Kind::Processing => "BusinessProcess",
        Kind::Server => "Node",
        Kind::Site => "Location",
        Kind::Zone => "CommunicationNetwork",
        _ => return None,
    })
}

/// An identifier (xs:ID) from a kind and an id: stable, never from raw text.
fn ident(prefix: &str, parts: &[&str]) -> String {
    let mut h = crate::hash::Fnv::default();
    for p in parts {
        h.part(p.as_bytes());
    }
    format!("{prefix}-{:016x}", h.0)
}

fn elem_id(inv: &Inventory, t: Target) -> String {
    ident("id", &[t.kind().noun(), inv.id(t)])
}

struct Rel {
    id: String,
    kind: &'static str,
    source: String,
    target: String,
    name: Option<String>,
    props: Vec<(String, String)>,
    access: bool,
}

/// The model as XML.
pub fn write(inv: &Inventory, g: &Graph, views: &[ViewLayout]) -> String {
    let exported = |t: Target| element_type(t.kind()).is_some();
    // Property definitions: one per field name.
    let mut defs: Vec<String> = Vec::new();
    let mut def_of: HashMap<String, usize> = HashMap::default();
    let mut def = |name: &str, defs: &mut Vec<String>| -> String {
        let k = *def_of.entry(name.to_string()).or_insert_with(|| {
            defs.push(name.to_string());
            defs.len() - 1
        });
        format!("propid-{}", k + 1)
    };
    let mut elements = String::new();
    for k in Kind::ALL {
        let Some(ty) = element_type(k) else { continue };
        for t in inv.targets(k) {
            let c = inv.common(t);
            let _ = write!(
                elements,
                "    <element identifier=\"{}\" xsi:type=\"{ty}\">\n      <name xml:lang=\"en\">{}</name>\n",
                elem_id(inv, t),
                esc(c.display_name())
            );
            if let Some(d) = &c.description {
                let _ = writeln!(
                    elements,
                    "      <documentation xml:lang=\"en\">{}</documentation>",
                    esc(d)
                );
            }
            let mut props: Vec<(String, String)> = vec![("carto id".into(), c.id.to_string())];
            if let serde_json::Value::Object(m) = crate::model::entity_json(inv, t) {
                for (key, v) in m {
                    if matches!(key.as_str(), "id" | "name" | "description") {
                        continue;
                    }
                    let shown = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    props.push((key, shown));
                }
            }
            props_xml(&mut elements, &props, &mut defs, &mut def, "      ");
            elements.push_str("    </element>\n");
        }
    }
    // Relationships.
    let mut rels: Vec<Rel> = Vec::new();
    let mut add = |kind: &'static str,
                   from: Target,
                   to: Target,
                   name: Option<String>,
                   props: Vec<(String, String)>,
                   access: bool| {
        if !exported(from) || !exported(to) || from == to {
            return;
        }
        let (s, t) = (elem_id(inv, from), elem_id(inv, to));
        let id = ident("rel", &[kind, &s, &t, name.as_deref().unwrap_or("")]);
        if rels.iter().any(|r| r.id == id) {
            return;
        }
        rels.push(Rel {
            id,
            kind,
            source: s,
            target: t,
            name,
            props,
            access,
        });
    };
    for f in &inv.flows {
        let data: Vec<&str> = f.data.iter().map(|d| &*d.id).collect();
        let mut props = vec![("carto id".to_string(), f.common.id.to_string())];
        if !data.is_empty() {
            props.push(("data".into(), data.join(", ")));
        }
        if let Some(p) = &f.protocol {
            props.push(("protocol".into(), p.clone()));
        }
        if let Some(e) = f.encrypted {
            props.push(("encrypted".into(), e.to_string()));
        }
        let both_apps = matches!((f.from.ix, f.to.ix), (Target::App(_), Target::App(_)));
        let kind = if both_apps { "Flow" } else { "Association" };
        add(
            kind,
            f.from.ix,
            f.to.ix,
            Some(f.common.display_name().to_string()),
            props,
            false,
        );
    }
    for (a, app) in inv.applications.iter().enumerate() {
        let at = Target::App(crate::model::AppIx(a as u32));
        for h in &g.held[a] {
            add("Access", at, Target::Data(h.data), None, Vec::new(), true);
        }
        for s in &app.servers {
            add(
                "Association",
                Target::Server(s.ix),
                at,
                None,
                Vec::new(),
                false,
            );
        }
        if let Some(z) = &app.zone {
            add(
                "Association",
                Target::Zone(z.ix),
                at,
                None,
                Vec::new(),
                false,
            );
        }
        if let Some(v) = &app.vendor {
            add(
                "Association",
                Target::Org(v.ix),
                at,
                Some("vendor".into()),
                Vec::new(),
                false,
            );
        }
        if let Some(p) = app.hosting.as_ref().and_then(|h| h.provider.as_ref()) {
            add(
                "Association",
                Target::Org(p.ix),
                at,
                Some("hosts".into()),
                Vec::new(),
                false,
            );
        }
    }
    for r in inv.all_relations() {
        match (r.from, r.to) {
            (Target::Processing(_), Target::App(_)) => {
                add("Serving", r.to, r.from, None, Vec::new(), false)
            }
            (Target::Processing(_), Target::Data(_)) => {
                add("Access", r.from, r.to, None, Vec::new(), true)
            }
            (Target::Server(_), Target::Zone(_) | Target::Site(_))
            | (Target::Zone(_), Target::Site(_))
            | (Target::Org(_), Target::Org(_))
            | (Target::Site(_), Target::Org(_))
            | (Target::Processing(_), Target::Org(_)) => add(
                "Association",
                r.from,
                r.to,
                Some(r.field.to_string()),
                Vec::new(),
                false,
            ),
            _ => {}
        }
    }
    let mut relationships = String::new();
    for r in &rels {
        let access = if r.access {
            " accessType=\"Access\""
        } else {
            ""
        };
        let _ = writeln!(
            relationships,
            "    <relationship identifier=\"{}\" source=\"{}\" target=\"{}\" xsi:type=\"{}\"{access}>",
            r.id, r.source, r.target, r.kind
        );
        if let Some(n) = &r.name {
            let _ = writeln!(
                relationships,
                "      <name xml:lang=\"en\">{}</name>",
                esc(n)
            );
        }
        props_xml(&mut relationships, &r.props, &mut defs, &mut def, "      ");
        relationships.push_str("    </relationship>\n");
    }
    // Views: the elements with their boxes, the relationships between them.
    let mut diagrams = String::new();
    for v in views {
        let _ = writeln!(
            diagrams,
            "      <view identifier=\"{}\" xsi:type=\"Diagram\">\n        <name xml:lang=\"en\">{}</name>",
            ident("view", &[&v.name]),
            esc(&v.name)
        );
        let mut node_of: HashMap<String, String> = HashMap::default();
        for (t, x, y, w, h) in &v.nodes {
            if !exported(*t) {
                continue;
            }
            let e = elem_id(inv, *t);
            if node_of.contains_key(&e) {
                continue;
            }
            let n = ident("node", &[&v.name, &e]);
            let _ = writeln!(
                diagrams,
                "        <node identifier=\"{n}\" elementRef=\"{e}\" xsi:type=\"Element\" x=\"{x}\" y=\"{y}\" w=\"{w}\" h=\"{h}\"/>"
            );
            node_of.insert(e, n);
        }
        for r in &rels {
            if let (Some(s), Some(t)) = (node_of.get(&r.source), node_of.get(&r.target)) {
                let _ = writeln!(
                    diagrams,
                    "        <connection identifier=\"{}\" relationshipRef=\"{}\" xsi:type=\"Relationship\" source=\"{s}\" target=\"{t}\"/>",
                    ident("conn", &[&v.name, &r.id]),
                    r.id
                );
            }
        }
        diagrams.push_str("      </view>\n");
    }
    let org = inv.self_org.map_or("carto inventory".to_string(), |o| {
        inv[o].common.display_name().to_string()
    });
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengroup.org/xsd/archimate/3.0/ http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd\" identifier=\"{}\">",
        ident("model", &[&org])
    );
    let _ = writeln!(s, "  <name xml:lang=\"en\">{}</name>", esc(&org));
    let _ = writeln!(
        s,
        "  <documentation xml:lang=\"en\">Exported by carto from the inventory.</documentation>"
    );
    if !elements.is_empty() {
        let _ = write!(s, "  <elements>\n{elements}  </elements>\n");
    }
    if !relationships.is_empty() {
        let _ = write!(s, "  <relationships>\n{relationships}  </relationships>\n");
    }
    if !defs.is_empty() {
        s.push_str("  <propertyDefinitions>\n");
        for (k, name) in defs.iter().enumerate() {
            let _ = writeln!(
                s,
                "    <propertyDefinition identifier=\"propid-{}\" type=\"string\">\n      <name xml:lang=\"en\">{}</name>\n    </propertyDefinition>",
                k + 1,
                esc(name)
            );
        }
        s.push_str("  </propertyDefinitions>\n");
    }
    if !diagrams.is_empty() {
        let _ = write!(
            s,
            "  <views>\n    <diagrams>\n{diagrams}    </diagrams>\n  </views>\n"
        );
    }
    s.push_str("</model>\n");
    s
}

fn props_xml(
    out: &mut String,
    props: &[(String, String)],
    defs: &mut Vec<String>,
    def: &mut dyn FnMut(&str, &mut Vec<String>) -> String,
    indent: &str,
) {
    if props.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}<properties>");
    for (k, v) in props {
        let r = def(k, defs);
        let _ = writeln!(
            out,
            "{indent}  <property propertyDefinitionRef=\"{r}\">\n{indent}    <value xml:lang=\"en\">{}</value>\n{indent}  </property>",
            esc(v)
        );
    }
    let _ = writeln!(out, "{indent}</properties>");
}

/// Escaped XML text, without the characters XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    html_escape(&xml_text(s))
}

/// Text without the characters XML 1.0 cannot hold (controls but tab and
/// line breaks).
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}
