//! INV010 dotted id outside its hierarchy: `{id: health.dental}` without
//! `parent: health` is not below `health`, so every question about health
//! data silently leaves it out. The dots are only a naming habit; `parent`
//! makes the hierarchy, and this rule says when the two disagree.

use crate::diag::Diagnostic;
use crate::hash::HashMap;
use crate::model::Common;
use crate::rules::Cx;

rule!(
    Inv010,
    "INV010",
    "dotted-id-outside-hierarchy",
    "INV",
    Warning,
    "a category whose dotted id names an existing category that is not its ancestor"
);

/// One taxonomy: each category's common fields and its parent's position.
fn check_tree(cx: &Cx, what: &str, items: &[(&Common, Option<usize>)], out: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (&*c.id, i))
        .collect();
    for (i, (c, _)) in items.iter().enumerate() {
        if c.at.is_builtin() {
            continue;
        }
        // The longest dotted prefix that names a category.
        let mut prefix: &str = &c.id;
        let named = loop {
            let Some((head, _)) = prefix.rsplit_once('.') else {
                break None;
            };
            prefix = head;
            if let Some(p) = index.get(prefix) {
                break Some(*p);
            }
        };
        let Some(expected) = named else { continue };
        // Walk up the parents (bounded: a cycle is a load error already).
        let mut at = items[i].1;
        let mut steps = 0;
        let mut below = false;
        while let Some(p) = at {
            if p == expected {
                below = true;
                break;
            }
            steps += 1;
            if steps > items.len() {
                break;
            }
            at = items[p].1;
        }
        if !below {
            let parent = &items[expected].0.id;
            out.push(
                cx.finding(
                    &INFO,
                    c,
                    None,
                    format!(
                        "{what} `{}` is not below `{parent}`: its id names `{parent}`, but nothing declares it a child, so questions about `{parent}` leave it out",
                        c.id
                    ),
                )
                .help(format!("add `parent: {parent}` (or rename it if it is not a kind of `{parent}`)")),
            );
        }
    }
}

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    // Each taxonomy as (common fields, parent's position).
    macro_rules! tree {
        ($items:expr) => {
            $items
                .iter()
                .map(|d| (&d.common, d.parent.as_ref().map(|p| p.ix.i())))
                .collect::<Vec<_>>()
        };
    }
    let mut out = Vec::new();
    check_tree(cx, "data category", &tree!(inv.data), &mut out);
    check_tree(cx, "subject category", &tree!(inv.subjects), &mut out);
    check_tree(cx, "use", &tree!(inv.uses), &mut out);
    out
}
