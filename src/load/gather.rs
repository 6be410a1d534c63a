//! What the loader gathers while converting entities and resolves once all
//! are known: group memberships declared on either side, and the values user
//! taxonomy entries inherit from their parents.

use crate::diag::Diagnostic;
use crate::hash::HashSet;
use crate::model::*;

/// Membership edges, declared on either side: (group, member as written).
#[derive(Default)]
pub struct Memberships {
    pub(super) edges: Vec<(Ref<GroupIx>, Ref<Target>)>,
}

impl Memberships {
    /// `groups:` written on a person or an account: one edge per group, the
    /// member named by its id, at the place the group is written.
    pub(super) fn member_of(&mut self, groups: Vec<Ref<GroupIx>>, id: &Id, me: Target) {
        for g in groups {
            let back = Ref {
                id: id.clone(),
                ix: me,
                at: g.at,
            };
            self.edges.push((g, back));
        }
    }

    /// Adds the edges another part of the inventory declared, after these.
    pub fn extend(&mut self, other: Memberships) {
        self.edges.extend(other.edges);
    }

    /// Fills `Group::members`, `Person::groups` and `Account::groups` from
    /// both sides, each edge once, at the place it was first declared.
    pub fn merge_into(self, inv: &mut Inventory) {
        let mut seen = HashSet::default();
        for (group, member) in self.edges {
            if group.ix.i() >= inv.groups.len() || !seen.insert((group.ix, member.ix)) {
                continue;
            }
            let back = Ref {
                id: group.id.clone(),
                ix: group.ix,
                at: member.at,
            };
            match member.ix {
                Target::Person(p) if p.i() < inv.people.len() => {
                    inv.people[p.i()].groups.push(back)
                }
                Target::Account(a) if a.i() < inv.accounts.len() => {
                    inv.accounts[a.i()].groups.push(back)
                }
                Target::Group(_) => {}
                _ => continue,
            }
            inv.groups[group.ix.i()].members.push(Ref {
                at: member.at,
                ..member
            });
        }
    }
}

/// What a data category declares itself: `personal`, `special`, `retention`.
type DeclaredData = (Option<bool>, Option<Special>, Option<Period>);

/// Declared values of user taxonomy entries, resolved through parents later.
#[derive(Default)]
pub struct TaxonomyFacts {
    pub(super) data: Vec<(DataIx, DeclaredData)>,
    pub(super) subjects: Vec<(SubjectIx, Option<bool>)>,
}

impl TaxonomyFacts {
    /// Adds the facts another part of the inventory declared, after these.
    pub fn extend(&mut self, other: TaxonomyFacts) {
        self.data.extend(other.data);
        self.subjects.extend(other.subjects);
    }

    /// A child inherits `personal`, `special`, `retention` (data) and
    /// `vulnerable` (subjects) unless it sets them; `personal` is true when
    /// the category sets `special`, and false for a root that says nothing.
    /// A special category (own or inherited) that says `personal: false` is
    /// an error: special categories are personal data by definition.
    pub fn resolve(self, inv: &mut Inventory, diags: &mut Vec<Diagnostic>) {
        let mut declared: Vec<Option<DeclaredData>> = vec![None; inv.data.len()];
        for (i, facts) in self.data {
            declared[i.i()] = Some(facts);
        }
        let parents: Vec<Option<usize>> = inv
            .data
            .iter()
            .map(|d| d.parent.as_ref().map(|p| p.ix.i()))
            .collect();
        let order = top_down(&parents, |i| declared[i].is_some());
        for i in order {
            let Some((personal, special, retention)) = declared[i].clone() else {
                continue;
            };
            let parent = parents[i].map(|p| {
                let d = &inv.data[p];
                (d.personal, d.special, d.retention.clone())
            });
            let d = &mut inv.data[i];
            d.special = special.or(parent.as_ref().and_then(|p| p.1));
            d.retention = retention.or(parent.as_ref().and_then(|p| p.2.clone()));
            d.personal =
                personal.unwrap_or(special.is_some() || parent.as_ref().is_some_and(|p| p.0));
            if let (Some(false), Some(class)) = (personal, d.special) {
                diags.push(
                    Diagnostic::error(
                        "INV005",
                        format!(
                            "data category `{}` is special ({class}{}) and so personal data by definition (GDPR Art. 9, 10): `personal: false` contradicts it",
                            d.common.id,
                            if special.is_some() { "" } else { ", inherited from its parent" }
                        ),
                    )
                    .at(d.common.at)
                    .help("remove `personal: false`, or move the category out from under the special one"),
                );
                d.personal = true;
            }
        }
        let mut declared = vec![None; inv.subjects.len()];
        for (i, vulnerable) in self.subjects {
            declared[i.i()] = Some(vulnerable);
        }
        let parents: Vec<Option<usize>> = inv
            .subjects
            .iter()
            .map(|d| d.parent.as_ref().map(|p| p.ix.i()))
            .collect();
        for i in top_down(&parents, |i| declared[i].is_some()) {
            let Some(own) = declared[i] else { continue };
            let inherited = parents[i].is_some_and(|p| inv.subjects[p].vulnerable);
            inv.subjects[i].vulnerable = own.unwrap_or(inherited);
        }
    }
}

/// The entries that `wanted` selects, ordered so that every entry comes after
/// its parent (parents first). Entries on a cycle (already reported) are
/// placed once, in any order.
fn top_down(parents: &[Option<usize>], wanted: impl Fn(usize) -> bool) -> Vec<usize> {
    let n = parents.len();
    let mut placed = vec![false; n];
    let mut order = Vec::new();
    for start in (0..n).filter(|i| wanted(*i)) {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if placed[c] || chain.len() > n {
                break;
            }
            chain.push(c);
            cur = parents[c];
        }
        for c in chain.into_iter().rev() {
            if !placed[c] {
                placed[c] = true;
                order.push(c);
            }
        }
    }
    order
}
