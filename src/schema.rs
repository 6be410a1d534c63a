//! JSON Schema (draft 2020-12) of inventory files and of `carto.yaml`, for
//! editor completion (yaml-language-server). Described once in [`SECTIONS`];
//! the tests prove it agrees with the loader (same fields per section, every
//! bundled file valid, bad fields and enums rejected).

use crate::model::{
    AccountKind, AppKind, Criterion, Criticality, DpiaStatus, GroupKind, LegalBasis, Level,
    OrgKind, PolicyTarget, ProcessingRole, RuleLevel, Safeguard, Severity, Special,
    SpecialCondition, Trust,
};
use serde_json::{Value, json};

/// An example of the mapping a field takes, in YAML flow style, from the
/// first section that has a mapping under `key` (`dpia` gives `{status:
/// done, date: 2026-01-31, ref: ..., reason: ...}`): the help of a wrong shape.
pub fn example(key: &str) -> Option<String> {
    let mut fields = SECTIONS
        .iter()
        .flat_map(|(_, f)| f.iter())
        .chain(SETTINGS.iter());
    let obj = fields.find_map(|(k, t)| match t {
        T::Obj(o) | T::ObjList(o) if *k == key => Some((*o, matches!(t, T::ObjList(_)))),
        _ => None,
    })?;
    let value = |t: &T| -> String {
        match t {
            T::Bool => "true".into(),
            T::Int => "1".into(),
            T::Tier => "0".into(),
            T::Date => "2026-01-31".into(),
            T::Duration | T::Period => "5y".into(),
            T::Country => "FR".into(),
            T::Enum(all) => all.first().map_or("...".into(), |v| v.to_string()),
            T::Refs | T::Texts | T::Countries | T::Enums(_) => "[...]".into(),
            _ => "...".into(),
        }
    };
    let inner = obj
        .0
        .iter()
        .map(|(k, t)| format!("{k}: {}", value(t)))
        .collect::<Vec<_>>()
        .join(", ");
    Some(if obj.1 {
        format!("[{{{inner}}}]")
    } else {
        format!("{{{inner}}}")
    })
}

/// The type of a field.
pub enum T {
    Text,
    Bool,
    Int,
    /// An administrative tier: 0, 1 or 2.
    Tier,
    /// A reference to an id.
    Ref,
    Refs,
    /// A reference or a list of references (grants' `who` and `to`).
    RefOrRefs,
    Date,
    Duration,
    /// A duration or free text.
    Period,
    Country,
    Countries,
    Texts,
    Enum(&'static [&'static str]),
    Enums(&'static [&'static str]),
    Obj(&'static [(&'static str, T)]),
    ObjList(&'static [(&'static str, T)]),
    /// Free custom fields.
    Attributes,
    /// A policy's set condition: exactly one of any/all/none/only.
    SetMatch,
    /// A policy's `to_country`: in or not_in.
    CountryMatch,
}

const CONTACT: &[(&str, T)] = &[("name", T::Text), ("email", T::Text), ("phone", T::Text)];

/// The fields of every entity (section 2 of the format).
pub const COMMON: &[(&str, T)] = &[
    ("id", T::Text),
    ("name", T::Text),
    ("description", T::Text),
    ("tags", T::Texts),
    ("attributes", T::Attributes),
    ("owner", T::Ref),
    ("establishment", T::Ref),
    (
        "ignore",
        T::ObjList(&[("rule", T::Text), ("reason", T::Text)]),
    ),
];

/// Every section and its own fields (section 3 of the format).
pub const SECTIONS: &[(&str, &[(&str, T)])] = &[
    (
        "organizations",
        &[
            ("kind", T::Enum(OrgKind::ALL)),
            ("parent", T::Ref),
            ("country", T::Country),
            ("certifications", T::Texts),
            (
                "contract",
                T::Obj(&[("ref", T::Text), ("signed", T::Date), ("expires", T::Date)]),
            ),
            ("dpo", T::Obj(CONTACT)),
            (
                "representative",
                T::Obj(&[("name", T::Text), ("email", T::Text)]),
            ),
            ("address", T::Text),
            ("support", T::Obj(CONTACT)),
        ],
    ),
    (
        "sites",
        &[
            ("country", T::Country),
            ("operator", T::Ref),
            ("certifications", T::Texts),
            ("address", T::Text),
        ],
    ),
    (
        "zones",
        &[
            ("trust", T::Enum(Trust::ALL)),
            ("site", T::Ref),
            ("filtered_by", T::Ref),
        ],
    ),
    (
        "servers",
        &[
            ("zone", T::Ref),
            ("site", T::Ref),
            ("os", T::Text),
            ("role", T::Text),
            ("internet_facing", T::Bool),
            ("tier", T::Tier),
        ],
    ),
    (
        "data",
        &[
            ("parent", T::Ref),
            ("personal", T::Bool),
            ("special", T::Enum(Special::ALL)),
            ("retention", T::Period),
        ],
    ),
    ("subjects", &[("parent", T::Ref), ("vulnerable", T::Bool)]),
    ("uses", &[("parent", T::Ref)]),
    (
        "applications",
        &[
            ("kind", T::Enum(AppKind::ALL)),
            ("vendor", T::Ref),
            ("hosting", T::Obj(&[("provider", T::Ref), ("site", T::Ref)])),
            ("servers", T::Refs),
            ("zone", T::Ref),
            ("data", T::Refs),
            ("subjects", T::Refs),
            ("criticality", T::Enum(Criticality::ALL)),
            ("rto", T::Duration),
            ("rpo", T::Duration),
            (
                "auth",
                T::Obj(&[("sso", T::Bool), ("mfa", T::Bool), ("directory", T::Ref)]),
            ),
            ("encrypted_at_rest", T::Bool),
            ("internet_facing", T::Bool),
            (
                "backup",
                T::Obj(&[
                    ("frequency", T::Duration),
                    ("offline", T::Bool),
                    ("immutable", T::Bool),
                    ("last_restore_test", T::Date),
                    ("restore_time", T::Duration),
                    ("system", T::Ref),
                ]),
            ),
            (
                "logging",
                T::Obj(&[("enabled", T::Bool), ("retention", T::Duration)]),
            ),
            ("tier", T::Tier),
            ("degraded_mode", T::Text),
            ("used_by", T::Refs),
        ],
    ),
    (
        "flows",
        &[
            ("from", T::Ref),
            ("to", T::Ref),
            ("data", T::Refs),
            ("protocol", T::Text),
            ("encrypted", T::Bool),
            ("via", T::Refs),
            ("bidirectional", T::Bool),
            ("frequency", T::Text),
            ("agreement", T::Text),
        ],
    ),
    (
        "people",
        &[
            ("org", T::Ref),
            ("groups", T::Refs),
            ("email", T::Text),
            ("role", T::Text),
            ("active", T::Bool),
            ("left", T::Date),
        ],
    ),
    (
        "groups",
        &[("kind", T::Enum(GroupKind::ALL)), ("members", T::Refs)],
    ),
    (
        "accounts",
        &[("kind", T::Enum(AccountKind::ALL)), ("groups", T::Refs)],
    ),
    (
        "access",
        &[
            ("who", T::RefOrRefs),
            ("to", T::RefOrRefs),
            ("level", T::Enum(Level::ALL)),
            ("data", T::Refs),
            ("remote", T::Bool),
            ("mfa", T::Bool),
            ("via", T::Ref),
            ("reviewed", T::Date),
            ("expires", T::Date),
            ("reason", T::Text),
        ],
    ),
    (
        "processings",
        &[
            ("role", T::Enum(ProcessingRole::ALL)),
            ("controller", T::Ref),
            ("joint_controllers", T::Refs),
            ("purpose", T::Text),
            ("uses", T::Refs),
            ("legal_basis", T::Enum(LegalBasis::ALL)),
            ("legitimate_interest", T::Text),
            ("special_condition", T::Enum(SpecialCondition::ALL)),
            ("subjects", T::Refs),
            ("data", T::Refs),
            ("applications", T::Refs),
            ("recipients", T::Refs),
            ("processors", T::Refs),
            (
                "transfers",
                T::ObjList(&[
                    ("to", T::Ref),
                    ("country", T::Country),
                    ("safeguard", T::Enum(Safeguard::ALL)),
                    ("ref", T::Text),
                ]),
            ),
            (
                "retention",
                T::ObjList(&[("data", T::Ref), ("period", T::Period), ("after", T::Text)]),
            ),
            ("sources", T::Texts),
            (
                "dpia",
                T::Obj(&[
                    ("status", T::Enum(DpiaStatus::ALL)),
                    ("date", T::Date),
                    ("ref", T::Text),
                    ("reason", T::Text),
                ]),
            ),
            ("automated_decisions", T::Bool),
            ("measures", T::Texts),
            ("large_scale", T::Bool),
            ("criteria", T::Enums(Criterion::ALL)),
            ("created", T::Date),
            ("updated", T::Date),
            ("rto", T::Duration),
            ("rpo", T::Duration),
        ],
    ),
    (
        "policies",
        &[
            ("severity", T::Enum(Severity::ALL)),
            ("target", T::Enum(PolicyTarget::ALL)),
            (
                "when",
                T::Obj(&[
                    ("data", T::SetMatch),
                    ("uses", T::SetMatch),
                    ("subjects", T::SetMatch),
                    ("to_country", T::CountryMatch),
                    ("to_kind", T::Enums(OrgKind::ALL)),
                    ("encrypted", T::Bool),
                    ("mfa", T::Bool),
                    ("remote", T::Bool),
                    ("level", T::Enums(Level::ALL)),
                ]),
            ),
        ],
    ),
];

/// The fields of `carto.yaml`.
pub const SETTINGS: &[(&str, T)] = &[
    ("version", T::Int),
    ("self", T::Ref),
    ("rules", T::Attributes),
    ("eea", T::Countries),
    ("adequacy", T::Countries),
    ("review_max_age", T::Duration),
    ("restore_test_max_age", T::Duration),
    ("max_group_depth", T::Int),
    ("language", T::Enum(crate::model::Language::ALL)),
    ("source_url", T::Text),
];

const ID: &str = "^[a-z0-9][a-z0-9._-]{0,127}$";

fn ty(t: &T) -> Value {
    // Ids may be written as numbers in YAML (`123`); the loader takes their text.
    let reference = json!({"type": ["string", "integer"], "pattern": ID});
    match t {
        T::Text => json!({"type": ["string", "number", "boolean"]}),
        T::Bool => json!({"type": "boolean"}),
        T::Int => json!({"type": "integer"}),
        T::Tier => json!({"type": "integer", "minimum": 0, "maximum": 2}),
        T::Ref => reference,
        T::Refs => json!({"type": "array", "items": reference}),
        T::RefOrRefs => {
            json!({"anyOf": [reference, {"type": "array", "items": reference, "minItems": 1}]})
        }
        T::Date => json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
        T::Duration => json!({"type": "string", "pattern": "^[0-9]+[hdwMy]$"}),
        T::Period => json!({"type": ["string", "number"]}),
        T::Country => json!({"type": "string", "pattern": "^[A-Z]{2}$"}),
        T::Countries => {
            json!({"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}})
        }
        T::Texts => json!({"type": "array", "items": {"type": ["string", "number", "boolean"]}}),
        T::Enum(all) => json!({"enum": all}),
        T::Enums(all) => json!({"type": "array", "items": {"enum": all}}),
        T::Obj(fields) => object(fields, &[]),
        T::ObjList(fields) => json!({"type": "array", "items": object(fields, &[])}),
        T::Attributes => json!({"type": "object"}),
        T::SetMatch => {
            let list = json!({"type": "array", "items": reference});
            json!({"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
                   "properties": {"any": list, "all": list, "none": list, "only": list}})
        }
        T::CountryMatch => {
            let list = json!({"type": "array", "items": {"type": "string", "pattern": "^([A-Z]{2}|EEA|ADEQUATE)$"}});
            json!({"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
                   "properties": {"in": list, "not_in": list}})
        }
    }
}

fn object(fields: &[(&str, T)], more: &[(&str, T)]) -> Value {
    let mut props = serde_json::Map::new();
    for (name, t) in fields.iter().chain(more) {
        props.insert((*name).to_string(), ty(t));
    }
    json!({"type": "object", "additionalProperties": false, "properties": props})
}

/// The schema of an inventory file (any section, any number of entities).
pub fn inventory() -> Value {
    let mut props = serde_json::Map::new();
    for (section, fields) in SECTIONS {
        let item = object(COMMON, fields);
        props.insert(
            (*section).to_string(),
            json!({"type": ["array", "null"], "items": item}),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://carto.invalid/schema/inventory-v1.json",
        "title": "carto inventory file (format version 1)",
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": props,
    })
}

/// The schema of `carto.yaml`.
pub fn settings() -> Value {
    let mut s = object(SETTINGS, &[]);
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
    s["title"] = "carto.yaml (settings of a carto inventory)".into();
    s["properties"]["version"] = json!({"const": 1});
    s["properties"]["rules"] =
        json!({"type": "object", "additionalProperties": {"enum": RuleLevel::ALL}});
    s
}
