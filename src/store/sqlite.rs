//! Writing a snapshot into SQLite on two sides: this thread (and its
//! helpers) makes every record, its texts already numbered and its content
//! key computed; a thread of its own holds the transaction and the
//! [`Writer`], which only looks the keys up and inserts what is new.

use super::write::{Block, VersionRow, block, version_row};
use super::{
    EntityRec, FLAG_WORDS, FindingRec, IdRow, Prepare, ReachRec, Sink, SnapshotInfo, StoreError,
    Writer, classify, emit_records, emit_sets, flag_index,
};
use crate::diag::Diagnostic;
use crate::graph::kind_word;
use crate::graph::{Fact, Graph};
use crate::hash::HashMap;
use crate::model::{AppIx, Inventory, Kind, Level, Target};
use rusqlite::{Connection, params};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// The numbers in `names` of every text the records repeat (entity ids,
/// kinds, relation fields, files, levels, flags), known before the records
/// are made so that they are made on all cores.
struct Numbered {
    numbers: HashMap<String, i64>,
    /// The number of each entity's id, by kind (`Kind as usize`) and index.
    targets: Vec<Vec<i64>>,
    /// The number of the word a principal of each kind is stored as
    /// (`graph::kind_word`), by `Kind as usize`.
    kinds: Vec<Option<i64>>,
    /// The numbers of `Level::ALL` and of `FLAG_WORDS`.
    levels: Vec<Option<i64>>,
    flags: Vec<Option<i64>>,
}

impl Numbered {
    /// Numbers `texts(inv)` as the writer numbered them.
    fn new(inv: &Inventory, texts: Vec<String>, numbers: Vec<i64>) -> Numbered {
        let mut targets = vec![Vec::new(); Kind::ALL.len()];
        let mut at = texts.len() - Kind::ALL.iter().map(|k| inv.count(*k)).sum::<usize>();
        for k in Kind::ALL {
            let n = inv.count(k);
            targets[k as usize] = numbers.get(at..at + n).unwrap_or_default().to_vec();
            at += n;
        }
        let numbers: HashMap<String, i64> = texts.into_iter().zip(numbers).collect();
        let of = |w: &str| numbers.get(w).copied();
        let mut kinds = vec![None; Kind::ALL.len()];
        for k in Kind::ALL {
            kinds[k as usize] = of(kind_word(Target::of(k, 0)));
        }
        Numbered {
            levels: Level::ALL.iter().map(|w| of(w)).collect(),
            flags: FLAG_WORDS.iter().map(|w| of(w)).collect(),
            kinds,
            numbers,
            targets,
        }
    }

    fn target(&self, t: Target) -> Option<i64> {
        self.targets.get(t.kind() as usize)?.get(t.index()).copied()
    }
}

/// Every text to number first: the words records repeat, then each
/// entity's id (in `Kind::ALL` order, last).
fn texts(inv: &Inventory) -> Vec<String> {
    let mut t: Vec<String> = Kind::ALL
        .iter()
        .flat_map(|k| [k.noun(), kind_word(Target::of(*k, 0))])
        .chain(Level::ALL.iter().copied())
        .chain(FLAG_WORDS)
        .map(str::to_string)
        .collect();
    t.extend(Inventory::RELATION_FIELDS.iter().map(|f| f.to_string()));
    t.extend(inv.sources.files.iter().map(|f| f.path.clone()));
    for k in Kind::ALL {
        t.extend(inv.targets(k).map(|x| inv.id(x).to_string()));
    }
    t
}

/// An entity as the writer receives it: numbered, or (a text missing from
/// the numbers) as it is, for the writer to number.
enum Version {
    Row(VersionRow),
    Rec(EntityRec<'static>),
}

impl Prepare for Numbered {
    type Entity = Version;
    type Access = Option<Block>;

    fn entity(&self, e: EntityRec<'_>) -> Version {
        match version_row(&e, |t| self.numbers.get(t).copied().ok_or(())) {
            Ok(row) => Version::Row(row),
            Err(()) => Version::Rec(e.into_owned()),
        }
    }

    fn access(&self, inv: &Inventory, app: AppIx, facts: Vec<Fact>) -> Option<Block> {
        let mut rows = Vec::with_capacity(facts.len());
        for f in &facts {
            rows.push(IdRow {
                principal: self.target(f.principal)?,
                principal_kind: (*self.kinds.get(f.principal.kind() as usize)?)?,
                level: (*self.levels.get(f.level as usize)?)?,
                flags: (*self.flags.get(flag_index(f))?)?,
                data: self.target(Target::Data(f.data))?,
                special: inv[f.data].special.is_some(),
            });
        }
        Some(block(self.target(Target::App(app))?, rows))
    }
}

/// What this thread hands to the writer's thread.
enum Msg {
    /// Texts to number, and where to send their numbers.
    Names(Vec<String>, SyncSender<Vec<i64>>),
    Entity(Version),
    Access(Option<Block>),
    Sets(Vec<ReachRec>, Vec<FindingRec>),
    /// Everything was sent: commit.
    Done,
}

/// A [`Sink`] that passes every record to the writer's thread.
struct Channel(SyncSender<Msg>);

impl Channel {
    fn send(&self, m: Msg) -> Result<(), StoreError> {
        // The writer stopped: its own error is the one reported.
        self.0
            .send(m)
            .map_err(|_| StoreError::Writer("it stopped".into()))
    }
}

impl Sink<Numbered> for Channel {
    fn entity(&mut self, e: Version) -> Result<(), StoreError> {
        self.send(Msg::Entity(e))
    }
    fn access(&mut self, a: Option<Block>) -> Result<(), StoreError> {
        self.send(Msg::Access(a))
    }
    fn sets(&mut self, reach: Vec<ReachRec>, findings: Vec<FindingRec>) -> Result<(), StoreError> {
        self.send(Msg::Sets(reach, findings))
    }
}

/// The writer's side: one transaction, committed only when `Done` arrives
/// (a failure on either side leaves the database as it was).
fn write(
    conn: &mut Connection,
    shown: &str,
    inv: &Inventory,
    info: &SnapshotInfo,
    recv: Receiver<Msg>,
) -> Result<i64, StoreError> {
    // The write lock is taken first: a concurrent snapshot waits, then is
    // told the database is busy, instead of failing half-way.
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| classify(e, shown, StoreError::Sql))?;
    tx.execute(
        "INSERT INTO snapshots (taken, label, commit_id, inventory, carto_version) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![info.taken, info.label, info.commit, inv.root.display().to_string(), env!("CARGO_PKG_VERSION")],
    )?;
    let snap = tx.last_insert_rowid();
    let mut done = false;
    {
        let mut w = Writer::new(&tx)?;
        for m in recv {
            match m {
                Msg::Names(texts, reply) => {
                    let numbers = texts
                        .iter()
                        .map(|t| w.name(t))
                        .collect::<rusqlite::Result<Vec<i64>>>()?;
                    // The maker waits for them (if it stopped, so do we);
                    // their rows are written after.
                    if reply.send(numbers).is_err() {
                        break;
                    }
                    w.flush()?;
                }
                Msg::Entity(Version::Row(row)) => w.version(row)?,
                Msg::Entity(Version::Rec(e)) => w.entity(&e)?,
                Msg::Access(Some(b)) => w.block(snap, b)?,
                Msg::Access(None) => {
                    return Err(StoreError::Writer("an access text was not numbered".into()));
                }
                Msg::Sets(reach, findings) => w.sets(snap, &reach, &findings)?,
                Msg::Done => {
                    w.finish(snap)?;
                    done = true;
                    break;
                }
            }
        }
    }
    if !done {
        // The maker failed: the transaction is rolled back when dropped,
        // and the maker's error is the one reported.
        return Ok(0);
    }
    tx.commit()?;
    Ok(snap)
}

/// Writes one snapshot in one transaction; returns its id. What is
/// unchanged since an earlier snapshot is not written again, only referred
/// to.
pub fn write_snapshot(
    conn: &mut Connection,
    inv: &Inventory,
    g: &Graph,
    findings: &[Diagnostic],
    info: &SnapshotInfo,
    progress: &dyn Fn(usize, usize),
) -> Result<i64, StoreError> {
    let shown = conn.path().unwrap_or("the database").to_string();
    std::thread::scope(|s| {
        let (send, recv) = sync_channel::<Msg>(1 << 16);
        let writer = s.spawn(|| write(conn, &shown, inv, info, recv));
        let sink = Channel(send);
        let made = (|| {
            // The writer numbers the texts while the findings and the reach
            // are made; the records wait for the numbers.
            let texts = texts(inv);
            let (reply, numbers) = sync_channel(1);
            let mut sink = sink;
            sink.send(Msg::Names(texts.clone(), reply))?;
            emit_sets(inv, g, findings, &mut sink)?;
            let numbers = numbers
                .recv()
                .map_err(|_| StoreError::Writer("it stopped".into()))?;
            let prep = Numbered::new(inv, texts, numbers);
            emit_records(inv, g, progress, &prep, &mut sink)?;
            sink.send(Msg::Done)
        })();
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(StoreError::Writer("it failed".into())));
        let snap = written?;
        made?;
        Ok(snap)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// A text missing from the numbers (a relation field not numbered
    /// first) sends the record as it is, for the writer to number.
    #[test]
    fn a_record_with_an_unnumbered_text_goes_as_it_is() {
        let rec = || EntityRec {
            kind: Cow::Borrowed("grant"),
            id: Cow::Borrowed("g"),
            name: None,
            file: None,
            line: None,
            fields: r#"{"id":"g"}"#.into(),
            attributes: "{}".into(),
            relations: vec![crate::store::RelRec {
                field: Cow::Borrowed("who"),
                to_kind: Cow::Borrowed("person"),
                to_id: Cow::Borrowed("p"),
                file: None,
                line: None,
            }],
        };
        let numbered = |texts: &[&str]| Numbered {
            numbers: texts
                .iter()
                .zip(1..)
                .map(|(t, n)| (t.to_string(), n))
                .collect(),
            targets: Vec::new(),
            kinds: Vec::new(),
            levels: Vec::new(),
            flags: Vec::new(),
        };
        let all = numbered(&["grant", "g", "who", "person", "p"]);
        assert!(matches!(all.entity(rec()), Version::Row(_)));
        let some = numbered(&["grant", "g", "person", "p"]);
        assert!(matches!(some.entity(rec()), Version::Rec(e) if e.relations[0].field == "who"));
    }
}
