//! Diagrams: every view of the reference inventory through the real `dot`
//! to SVG (parsed as XML), hostile labels, focus and tags, a missing `dot`.

use crate::common::{SELF, carto, inventory, root};

const VIEWS: &[&[&str]] = &[
    &["ecosystem"],
    &["applications"],
    &["flows"],
    &["data", "health"],
    &["access", "telecons"],
    &["access", "health.transfusion"],
    &["infrastructure"],
    &["gdpr"],
];

/// Graphviz's SVG starts with a DOCTYPE: allow it, nothing else.
fn parse_svg(s: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(s, opts)
}

pub fn dot_available() -> bool {
    let ok = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI must install Graphviz (see .ci/run)"
    );
    if !ok {
        eprintln!(
            "notice: Graphviz's `dot` is not installed; SVG checks skipped (apt-get install graphviz)"
        );
    }
    ok
}

fn diagram(inv: &str, args: &[&str], format: &str) -> crate::common::Run {
    let mut all = vec!["-i", inv, "diagram"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", format]);
    carto(&all)
}

/// Structural checks of Mermaid output: subgraphs balanced, every edge
/// endpoint declared, no raw quote inside a label.
fn check_mermaid(text: &str) {
    assert!(
        text.contains("flowchart LR") || text.contains("flowchart TB"),
        "{text}"
    );
    let opens = text
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph "))
        .count();
    let ends = text.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(opens, ends, "unbalanced subgraphs");
    let mut declared = std::collections::HashSet::new();
    for l in text.lines().map(str::trim) {
        if let Some(id) = l
            .strip_prefix('n')
            .map(|r| r.split(|c: char| !c.is_ascii_digit()).next().unwrap_or(""))
        {
            let rest = &l[1 + id.len()..];
            if rest.starts_with(['[', '(', '{', '>']) {
                declared.insert(id.to_string());
            }
        }
    }
    assert!(!declared.is_empty(), "no node declared:\n{text}");
    for l in text
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("-->") || l.contains("-.->"))
    {
        let ids: Vec<&str> = l
            .split_whitespace()
            .filter(|w| w.starts_with('n') && w[1..].chars().all(|c| c.is_ascii_digit()))
            .collect();
        for id in ids {
            assert!(
                declared.contains(&id[1..]),
                "edge to an undeclared node: {l}"
            );
        }
    }
    for l in text.lines() {
        // Inside ["..."] labels, quotes are escaped as #quot;.
        if let (Some(a), Some(b)) = (l.find("[\""), l.rfind("\"]")) {
            assert!(!l[a + 2..b].contains('"'), "raw quote in a label: {l}");
        }
    }
}

#[test]
fn every_view_renders_to_svg_and_mermaid() {
    let inv = root("inventory");
    let svg = dot_available();
    for view in VIEWS {
        let d = diagram(&inv, view, "dot");
        assert_eq!(d.code, 0, "{view:?}: {}", d.all());
        assert!(
            d.stdout.starts_with("digraph carto {") && d.stdout.contains("// Legend"),
            "{view:?}"
        );
        check_mermaid(&diagram(&inv, view, "mermaid").stdout);
        if svg {
            let r = diagram(&inv, view, "svg");
            assert_eq!(r.code, 0, "{view:?}: {}", r.stderr);
            let doc =
                parse_svg(&r.stdout).unwrap_or_else(|e| panic!("{view:?}: SVG is not XML: {e}"));
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(
                doc.descendants().filter(|n| n.has_tag_name("g")).count() > 3,
                "{view:?}"
            );
        }
    }
}

#[test]
fn styling_encodes_meaning() {
    let inv = root("inventory");
    let d = diagram(&inv, &["applications", "--no-aggregate"], "dot").stdout;
    // lis-results is unencrypted and carries health data: dashed and red.
    assert!(
        d.lines().any(|l| l.contains("label=\"mllp: health.lab\"")
            && l.contains("style=dashed")
            && l.contains("#c62828")),
        "{d}"
    );
    // pacs-viewer is internet-facing: double border.
    assert!(
        d.lines()
            .any(|l| l.contains("PACS web viewer") && l.contains("peripheries=2"))
    );
    let e = diagram(&inv, &["ecosystem"], "dot").stdout;
    assert!(
        e.lines()
            .any(|l| l.contains("Televisio Inc.") && l.contains("peripheries=2")),
        "non-EEA marked"
    );
    assert!(e.contains("subgraph cluster_") && e.contains("label=\"US\""));
}

#[test]
fn focus_depth_and_tags() {
    let inv = root("inventory");
    let d = diagram(
        &inv,
        &["applications", "--focus", "lis", "--depth", "1"],
        "mermaid",
    )
    .stdout;
    assert!(
        d.contains("SIL (laboratory information system)") && d.contains("Interface engine (EAI)"),
        "{d}"
    );
    assert!(
        !d.contains("Paie (payroll)"),
        "payroll is not next to the lab: {d}"
    );
    let r = diagram(&inv, &["applications", "--focus", "lsi"], "dot");
    r.assert_suggests("lis");
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}applications:\n  - {{id: a, tags: [gxp]}}\n  - {{id: b}}\n  - {{id: c}}\nflows:\n  - {{from: a, to: b, data: []}}\n  - {{from: b, to: c, data: []}}\n"
        ),
    )]);
    let d = diagram(
        &dir.path().display().to_string(),
        &["applications", "--tag", "gxp"],
        "dot",
    )
    .stdout;
    assert!(
        d.contains("label=\"a\"") && d.contains("label=\"b\"") && !d.contains("label=\"c\""),
        "{d}"
    );
}

#[test]
fn hostile_labels_are_escaped() {
    let names = "applications:\n  - {id: a, name: \"quote \\\" back\\\\slash [x] {y} <z> | #1\\nline\"}\n  - {id: b, name: \"end\\\"; n9 -> n9 [label=\\\"x\\\"\"}\nflows:\n  - {from: a, to: b, data: [], protocol: \"p\\\"q\"}\n";
    let dir = inventory(&[("x.yaml", &format!("{SELF}{names}"))]);
    let p = dir.path().display().to_string();
    let d = diagram(&p, &["applications"], "dot");
    assert_eq!(d.code, 0, "{}", d.all());
    assert!(
        d.stdout
            .contains(r#"label="quote \" back\\slash [x] {y} <z> | #1\nline""#),
        "{}",
        d.stdout
    );
    assert!(
        d.stdout.contains(r#"label="end\"; n9 -> n9 [label=\"x\"""#),
        "{}",
        d.stdout
    );
    let m = diagram(&p, &["applications"], "mermaid").stdout;
    check_mermaid(&m);
    assert!(
        m.contains("quote #quot; back\\slash [x] {y} #lt;z#gt; #124; #35;1<br/>line"),
        "{m}"
    );
    if dot_available() {
        // The real parser accepts it and draws exactly two application nodes.
        let r = diagram(&p, &["applications"], "svg");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let doc = parse_svg(&r.stdout).expect("xml");
        let nodes = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("node"))
            .count();
        assert_eq!(nodes, 2, "a and b (the legend is the graph's label)");
    }
}

#[test]
fn missing_dot_is_exit_4_with_a_way_out() {
    let empty = tempfile::tempdir().expect("tmp");
    // The reference inventory drawn with nothing on PATH (so no `dot`).
    let draw = |format: &str| {
        assert_cmd::Command::cargo_bin("carto")
            .expect("bin")
            .args([
                "-i",
                &root("inventory"),
                "diagram",
                "ecosystem",
                "--format",
                format,
            ])
            .env("PATH", empty.path())
            .output()
            .expect("runs")
    };
    let out = draw("svg");
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("apt-get install graphviz") && err.contains("--format dot"),
        "{err}"
    );
    // DOT and Mermaid need nothing.
    assert_eq!(draw("mermaid").status.code(), Some(0));
}

#[test]
fn usage_errors() {
    let inv = root("inventory");
    assert_eq!(diagram(&inv, &["ecosytem"], "dot").code, 2);
    assert_eq!(diagram(&inv, &["data"], "dot").code, 2);
    assert_eq!(diagram(&inv, &["access", "dr-roux"], "dot").code, 2);
    assert_eq!(diagram(&inv, &["ecosystem"], "png").code, 2, "PNG needs -o");
}

/// A generated inventory of `n` applications, each with flows to the next
/// few (dense enough to make Graphviz slow).
fn many_apps(n: usize) -> tempfile::TempDir {
    let mut apps = String::from("applications:\n");
    let mut flows = String::from("flows:\n");
    for i in 0..n {
        apps.push_str(&format!(
            "  - {{id: app-{i}, owner: chu, data: [identity]}}\n"
        ));
        for k in 1..=5 {
            flows.push_str(&format!(
                "  - {{from: app-{i}, to: app-{}, protocol: https, data: [identity]}}\n",
                (i + k * 7) % n
            ));
        }
    }
    inventory(&[
        ("org.yaml", SELF),
        ("apps.yaml", &apps),
        ("flows.yaml", &flows),
    ])
}

/// Above the size Graphviz can lay out in reasonable time, `diagram`
/// refuses (exit 2) with advice, fast; `--max-nodes 0` lifts the limit, and
/// `--timeout` stops a layout that takes too long (exit 4).
#[test]
fn large_diagrams_are_refused_or_stopped() {
    let inv = many_apps(200);
    let i = inv.path().display().to_string();
    let started = std::time::Instant::now();
    let r = carto(&["-i", &i, "diagram", "applications", "--format", "svg"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("more than a picture can show") && r.stderr.contains("--focus"),
        "{}",
        r.stderr
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // The DOT text itself is allowed past the limit on request.
    let r = carto(&[
        "-i",
        &i,
        "diagram",
        "applications",
        "--format",
        "dot",
        "--max-nodes",
        "0",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A focused view of the same inventory renders.
    if dot_available() {
        let r = carto(&[
            "-i",
            &i,
            "diagram",
            "applications",
            "--focus",
            "app-3",
            "--depth",
            "1",
            "--format",
            "svg",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        parse_svg(&r.stdout).expect("svg");
        let inv = many_apps(120);
        let i = inv.path().display().to_string();
        let started = std::time::Instant::now();
        let r = carto(&[
            "-i",
            &i,
            "diagram",
            "applications",
            "--format",
            "svg",
            "--max-nodes",
            "0",
            "--timeout",
            "1",
        ]);
        assert_eq!(r.code, 4, "{}", r.all());
        assert!(
            r.stderr.contains("did not finish within 1 s"),
            "{}",
            r.stderr
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}

/// Each legend lists what its diagram draws, with the meaning it has in
/// that view (the access view's double border is about people and grants),
/// in DOT and in Mermaid.
#[test]
fn legends_match_what_is_drawn() {
    let inv = root("inventory");
    let legend_of = |dot: &str| -> Vec<String> {
        dot.split("// Legend")
            .nth(1)
            .unwrap_or("")
            .split("<td align=\"left\">")
            .skip(1)
            .map(|cell| cell.split("</td>").next().unwrap_or("").to_string())
            .filter(|cell| !cell.is_empty())
            .collect()
    };
    for view in VIEWS {
        let r = diagram(&inv, view, "dot");
        assert_eq!(r.code, 0, "{view:?}: {}", r.stderr);
        let legend = legend_of(&r.stdout).join("\n");
        let body = r.stdout.split("// Legend").next().unwrap_or("");
        // A mark in the legend is drawn, and a drawn mark is in the legend.
        let pairs = [
            ("style=dashed", "dashed line"),
            ("peripheries=2", "double orange border"),
            ("dir=both", "both ends"),
            ("shape=hexagon", "hexagon: gateway"),
            ("shape=cylinder", "cylinder: database"),
            ("shape=ellipse", "ellipse: person"),
            ("shape=octagon", "octagon: account"),
            ("shape=folder", "folder: processing"),
            ("shape=box3d", "3D box: server"),
            ("shape=note", "note: data category"),
        ];
        for (drawn, said) in pairs {
            assert_eq!(
                body.contains(drawn),
                legend.contains(said),
                "{view:?}: `{drawn}` drawn? legend says `{said}`?\n{legend}"
            );
        }
        let m = diagram(&inv, view, "mermaid");
        assert!(
            m.stdout.contains("subgraph legend_box[\"Legend\"]"),
            "{view:?}"
        );
        check_mermaid(&m.stdout);
        // Mermaid's legend speaks of Mermaid's shapes.
        let (mbody, mlegend) = m
            .stdout
            .split_once("subgraph legend_box")
            .unwrap_or_default();
        for (drawn, said) in [
            ("([\"", "stadium: person"),
            ("{{\"", "hexagon: gateway"),
            ("[(\"", "cylinder: database"),
            ("[/\"", "trapezoid: organization"),
            ("[[\"", "double-sided box: processing"),
            (" exposed\n", "thick orange border"),
            ("-.->", "dashed line"),
        ] {
            assert_eq!(
                mbody.contains(drawn),
                mlegend.contains(said),
                "{view:?} mermaid: `{drawn}` / `{said}`"
            );
        }
        assert!(
            !mlegend.contains("ellipse") && !mlegend.contains("house"),
            "{view:?}: {mlegend}"
        );
    }
    // In the access view the border means people who left and expired
    // grants, never where an organization is.
    let access = diagram(&inv, &["access", "health.transfusion"], "dot");
    let legend = legend_of(&access.stdout).join("\n");
    assert!(
        legend.contains("inactive person, or expired grant"),
        "{legend}"
    );
    for view in [["access", "telecons"], ["access", "health.transfusion"]] {
        let legend = legend_of(&diagram(&inv, &view, "dot").stdout).join("\n");
        assert!(!legend.contains("internet-facing"), "{legend}");
    }
}

/// The flows view names every flow by its id and draws it through its
/// gateways (`via`).
#[test]
fn flows_go_through_their_gateways() {
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "a.yaml",
            "applications:\n  - {id: gam, owner: chu}\n  - {id: dpi, owner: chu}\n  - {id: eai, kind: gateway, owner: chu}\nflows:\n  - {from: gam, to: dpi, via: [eai], protocol: hl7v2, data: [identity]}\n  - {from: gam, to: dpi, protocol: hl7v2, data: [identity]}\n",
        ),
    ]);
    let r = diagram(&inv.path().display().to_string(), &["flows"], "dot");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id_of = |label: &str| -> String {
        r.stdout
            .lines()
            .find(|l| l.contains(&format!("[label=\"{label}\"")) && !l.contains("->"))
            .and_then(|l| l.trim().split(' ').next())
            .unwrap_or_else(|| panic!("no node `{label}`:\n{}", r.stdout))
            .to_string()
    };
    let (gam, eai, dpi) = (id_of("gam"), id_of("eai"), id_of("dpi"));
    // Each flow is an edge named by its id, through its gateway.
    for edge in [
        format!("{gam} -> {eai} [label=\"gam->dpi\""),
        format!("{eai} -> {dpi} [label=\"\""),
        format!("{gam} -> {dpi} [label=\"gam->dpi#2\""),
    ] {
        assert!(r.stdout.contains(&edge), "{edge}\n{}", r.stdout);
    }
}

/// `--aggregate` draws each group as one node with its count and bundles
/// the links between groups; `--expand` keeps a group open; a diagram too
/// large to draw whole is drawn grouped when that fits, and says so.
#[test]
fn aggregation_groups_and_bundles() {
    let inv = root("inventory");
    let whole = diagram(&inv, &["applications", "--no-aggregate"], "dot");
    let grouped = diagram(&inv, &["applications", "--aggregate"], "dot");
    assert_eq!(grouped.code, 0, "{}", grouped.stderr);
    let nodes = |dot: &str| {
        dot.lines()
            .filter(|l| l.trim_start().starts_with('n') && l.contains(" [label="))
            .count()
    };
    assert!(
        nodes(&grouped.stdout) * 2 < nodes(&whole.stdout),
        "{} vs {}",
        nodes(&grouped.stdout),
        nodes(&whole.stdout)
    );
    assert!(
        grouped.stdout.contains("Clinical LAN (restricted)\\n"),
        "{}",
        grouped.stdout
    );
    assert!(
        grouped.stdout.contains(" items\""),
        "counts in the group labels"
    );
    assert!(
        grouped.stdout.contains(" links\""),
        "bundled links are counted"
    );
    assert!(
        grouped
            .stdout
            .contains("bold box: a group, with how many it holds"),
        "the legend says what a group is"
    );
    // An open group shows its applications again.
    let open = diagram(&inv, &["applications", "--expand", "clinical"], "dot");
    assert!(open.stdout.contains("label=\"DPI"), "{}", open.stdout);
    assert!(!grouped.stdout.contains("label=\"DPI"));
    if dot_available() {
        let r = diagram(&inv, &["applications", "--aggregate"], "svg");
        parse_svg(&r.stdout).expect("svg");
    }
    // 240 applications in 6 zones: too many to draw whole, drawn grouped.
    let mut apps = String::from("zones:\n");
    for z in 0..6 {
        apps.push_str(&format!(
            "  - {{id: z{z}, name: Zone {z}, trust: internal}}\n"
        ));
    }
    apps.push_str("applications:\n");
    let mut flows = String::from("flows:\n");
    for i in 0..240 {
        apps.push_str(&format!(
            "  - {{id: a{i}, owner: chu, zone: z{}, data: [identity]}}\n",
            i % 6
        ));
        flows.push_str(&format!(
            "  - {{from: a{i}, to: a{}, protocol: https, data: [identity]}}\n",
            (i + 7) % 240
        ));
    }
    let big = inventory(&[
        ("org.yaml", SELF),
        ("apps.yaml", &apps),
        ("flows.yaml", &flows),
    ]);
    let r = diagram(&big.path().display().to_string(), &["applications"], "dot");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("drawn grouped (6 nodes)"), "{}", r.stderr);
}

/// Short labels, the detail on hover: in SVG every entity and every flow
/// edge says what it is and where it is declared.
#[test]
fn svg_tooltips_give_file_and_line() {
    if !dot_available() {
        return;
    }
    let r = diagram(
        &root("inventory"),
        &["applications", "--no-aggregate"],
        "svg",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = parse_svg(&r.stdout).expect("svg");
    let titles: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        .collect();
    assert!(
        titles.contains(&"application dpi (applications/clinical.yaml:3)"),
        "{titles:?}"
    );
    // A flow edge: its id, where it is declared, its protocol and data.
    assert!(
        titles.contains(&"flow lis-results (flows/clinical.yaml:4): mllp health.lab"),
        "{titles:?}"
    );
}

/// In the data view, every organization drawn is linked to something (the
/// organization itself no longer floats beside its own applications).
#[test]
fn data_view_has_no_floating_organization() {
    let r = diagram(&root("inventory"), &["data", "health"], "dot");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = r.stdout.split("// Legend").next().unwrap_or("");
    for line in body.lines().filter(|l| l.contains("shape=house")) {
        let id = line.trim().split(' ').next().unwrap_or("");
        assert!(
            body.contains(&format!("{id} -> ")) || body.contains(&format!("-> {id} ")),
            "{line}"
        );
    }
}

/// `--split -o DIR`: an overview whose groups link to one page each, file
/// names made from the group names (never a path), nothing else written.
#[test]
fn split_writes_an_overview_and_a_page_per_group() {
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "a.yaml",
            "zones:\n  - {id: z1, name: \"../../etc/passwd\", trust: internal}\n  - {id: z2, name: \"Index <b>&\\a\\nx\", trust: dmz}\napplications:\n  - {id: a, owner: chu, zone: z1}\n  - {id: b, owner: chu, zone: z2}\n  - {id: c, owner: chu, zone: z2}\nflows:\n  - {from: a, to: b, protocol: https, data: []}\n  - {from: b, to: c, protocol: https, data: []}\n",
        ),
    ]);
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("pages");
    let d = dir.display().to_string();
    let i = inv.path().display().to_string();
    let r = carto(&[
        "-i",
        &i,
        "diagram",
        "applications",
        "--split",
        "--format",
        "dot",
        "-o",
        &d,
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["etc-passwd-internal.dot", "index-b-x-dmz.dot", "index.dot"],
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_dir(out.path()).expect("tmp").count(), 1);
    let index = std::fs::read_to_string(dir.join("index.dot")).expect("index");
    assert!(index.contains("URL=\"index-b-x-dmz.dot\""), "{index}");
    assert!(index.contains("URL=\"etc-passwd-internal.dot\""), "{index}");
    // A page opens its group and shows the others as one node each.
    let page = std::fs::read_to_string(dir.join("index-b-x-dmz.dot")).expect("page");
    assert!(
        page.contains("label=\"b\"") && page.contains("label=\"c\""),
        "{page}"
    );
    assert!(page.contains("1 item"), "{page}");
    // Several files need a directory.
    let r = carto(&["-i", &i, "diagram", "applications", "--split"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("-o DIR"), "{}", r.stderr);
    if dot_available() {
        let svg = out.path().join("svg");
        let s = svg.display().to_string();
        let r = carto(&["-i", &i, "diagram", "applications", "--split", "-o", &s]);
        assert_eq!(r.code, 0, "{}", r.all());
        let index = std::fs::read_to_string(svg.join("index.svg")).expect("index");
        parse_svg(&index).expect("svg");
        assert!(index.contains("href=\"index-b-x-dmz.svg\""), "{index}");
        // The page's title holds the hostile name: still well-formed XML.
        let page = std::fs::read_to_string(svg.join("index-b-x-dmz.svg")).expect("page");
        parse_svg(&page).expect("svg");
        assert!(page.contains("&lt;b&gt;&amp;"), "{page}");
    }
}

/// The gdpr view is one card per processing listing its applications and
/// data; in the data view red would mark every node, so the title names
/// the class of data instead.
#[test]
fn gdpr_cards_and_data_view_colour() {
    let inv = root("inventory");
    let g = diagram(&inv, &["gdpr"], "dot").stdout;
    assert!(g.contains("rankdir=TB"), "{g}");
    assert!(
        !g.lines()
            .any(|l| l.contains("->") && !l.contains("style=invis")),
        "{g}"
    );
    assert!(
        g.lines().any(|l| l.contains("Hémovigilance")
            && l.contains("apps: blood-bank")
            && l.contains("data: health.transfusion, identity")
            && l.contains("#c62828")),
        "{g}"
    );
    let d = diagram(&inv, &["data", "health"], "dot").stdout;
    assert!(
        d.contains("Where health (special category) lives and goes"),
        "{d}"
    );
    assert!(!d.contains("#c62828"), "{d}");
}
