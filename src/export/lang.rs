//! The register's words in English and in French: one table, keyed by the
//! English text that the code writes, so that a label can never be missing
//! in one language only (`tests/register.rs` renders the French register
//! and fails on any English word left). Templates take `{}` arguments.
//!
//! The French follows the CNIL's register template and the French text of
//! the GDPR (« responsable du traitement », « sous-traitant », « AIPD »).

use crate::model::Language;

/// (English, French).
const FR: &[(&str, &str)] = &[
    // Titles and header.
    (
        "Register of processing activities (Art. 30(1) GDPR)",
        "Registre des activités de traitement (art. 30.1 du RGPD)",
    ),
    (
        "Register of processing activities: processor (Art. 30(2) GDPR)",
        "Registre des activités de traitement : sous-traitant (art. 30.2 du RGPD)",
    ),
    ("Organization", "Organisme"),
    ("Address", "Adresse"),
    ("Legal representative", "Représentant légal"),
    (
        "Data protection officer",
        "Délégué à la protection des données",
    ),
    ("Generated", "Établi le"),
    ("Inventory revision", "Version de l'inventaire"),
    ("not declared", "non déclaré"),
    ("not in git", "hors git"),
    ("Processings", "Traitements"),
    (
        "Values in italics are derived by carto from the inventory (grants, flows, hosting), not written in the processing.",
        "Les valeurs en italique sont déduites par carto de l'inventaire (habilitations, flux, hébergement) et non déclarées dans le traitement.",
    ),
    ("(derived)", "(déduit)"),
    ("derived", "déduit"),
    ("none", "aucun"),
    ("Field", "Rubrique"),
    ("id", "identifiant"),
    ("Value", "Valeur"),
    ("Page", "Page"),
    ("Art. 30 GDPR", "Art. 30 du RGPD"),
    // The 17 fields.
    ("Processing", "Traitement"),
    ("Role", "Rôle"),
    ("Supporting applications", "Applications supports"),
    ("Purpose", "Finalité"),
    ("Legal basis", "Base légale"),
    (
        "Art. 9(2) or Art. 10 condition",
        "Condition de l'art. 9.2 ou de l'art. 10",
    ),
    (
        "Categories of data subjects",
        "Catégories de personnes concernées",
    ),
    (
        "Categories of personal data",
        "Catégories de données personnelles",
    ),
    (
        "Sensitive data (Art. 9, Art. 10, NIR)",
        "Données sensibles (art. 9, art. 10, NIR)",
    ),
    ("Sources", "Sources des données"),
    ("Retention", "Durées de conservation"),
    ("Recipients", "Destinataires"),
    ("Processors", "Sous-traitants"),
    ("Transfers outside the EEA", "Transferts hors de l'EEE"),
    ("Hosting", "Hébergement"),
    ("Security measures", "Mesures de sécurité"),
    ("DPIA", "Analyse d'impact (AIPD)"),
    ("Automated decisions", "Décisions automatisées"),
    // Summary columns.
    ("Data subjects", "Personnes concernées"),
    ("Personal data", "Données personnelles"),
    // CNIL headings of data categories.
    (
        "Identity, civil status, contact",
        "État civil, identité, coordonnées",
    ),
    ("Personal life", "Vie personnelle"),
    ("Professional life", "Vie professionnelle"),
    (
        "Economic and financial information",
        "Informations d'ordre économique et financier",
    ),
    ("Connection data", "Données de connexion"),
    ("Location data", "Données de localisation"),
    ("Other", "Autres"),
    // Security measures headings.
    ("Access control", "Contrôle d'accès"),
    ("Traceability", "Traçabilité"),
    ("Backups", "Sauvegardes"),
    ("Encryption", "Chiffrement"),
    ("Processor oversight", "Encadrement des sous-traitants"),
    ("Other (declared)", "Autres (déclarées)"),
    // Role.
    ("Controller", "Responsable du traitement"),
    ("Joint controller", "Responsable conjoint du traitement"),
    (
        "Processor, on behalf of {}",
        "Sous-traitant, pour le compte de {}",
    ),
    ("(controller not given)", "(responsable non indiqué)"),
    (
        "controller's representative: {}",
        "représentant du responsable : {}",
    ),
    ("controller's DPO: {}", "DPO du responsable : {}"),
    ("joint controller: {}", "responsable conjoint : {}"),
    ("; DPO: {}", " ; DPO : {}"),
    ("created {}", "créé le {}"),
    ("updated {}", "mis à jour le {}"),
    ("purpose category: {}", "catégorie de finalité : {}"),
    // Legal bases (Art. 6(1)).
    (
        "Art. 6(1)(a): consent of the data subject",
        "Art. 6.1.a : consentement de la personne concernée",
    ),
    (
        "Art. 6(1)(b): performance of a contract",
        "Art. 6.1.b : exécution d'un contrat",
    ),
    (
        "Art. 6(1)(c): compliance with a legal obligation",
        "Art. 6.1.c : respect d'une obligation légale",
    ),
    (
        "Art. 6(1)(d): protection of vital interests",
        "Art. 6.1.d : sauvegarde des intérêts vitaux",
    ),
    (
        "Art. 6(1)(e): task carried out in the public interest or in the exercise of official authority",
        "Art. 6.1.e : exécution d'une mission d'intérêt public ou relevant de l'exercice de l'autorité publique",
    ),
    (
        "Art. 6(1)(f): legitimate interests",
        "Art. 6.1.f : intérêts légitimes",
    ),
    ("legitimate interest: {}", "intérêt légitime : {}"),
    // Art. 9(2) and Art. 10.
    (
        "Art. 9(2)(a): explicit consent",
        "Art. 9.2.a : consentement explicite",
    ),
    (
        "Art. 9(2)(b): employment and social security law",
        "Art. 9.2.b : droit du travail, de la sécurité sociale et de la protection sociale",
    ),
    (
        "Art. 9(2)(c): vital interests",
        "Art. 9.2.c : sauvegarde des intérêts vitaux",
    ),
    (
        "Art. 9(2)(d): foundation, association or not-for-profit body",
        "Art. 9.2.d : fondation, association ou autre organisme à but non lucratif",
    ),
    (
        "Art. 9(2)(e): made public by the data subject",
        "Art. 9.2.e : données manifestement rendues publiques par la personne concernée",
    ),
    (
        "Art. 9(2)(f): legal claims",
        "Art. 9.2.f : constatation, exercice ou défense d'un droit en justice",
    ),
    (
        "Art. 9(2)(g): substantial public interest",
        "Art. 9.2.g : motifs d'intérêt public important",
    ),
    (
        "Art. 9(2)(h): preventive or occupational medicine, medical diagnosis, care or treatment",
        "Art. 9.2.h : médecine préventive ou du travail, diagnostics médicaux, prise en charge sanitaire ou sociale",
    ),
    (
        "Art. 9(2)(i): public interest in public health",
        "Art. 9.2.i : motifs d'intérêt public dans le domaine de la santé publique",
    ),
    (
        "Art. 9(2)(j): archiving, scientific or historical research, statistics",
        "Art. 9.2.j : archivage, recherche scientifique ou historique, statistiques",
    ),
    (
        "Art. 10: criminal convictions and offences, under official authority",
        "Art. 10 : condamnations pénales et infractions, sous le contrôle de l'autorité publique",
    ),
    (" (vulnerable)", " (personnes vulnérables)"),
    // Special classes.
    ("health", "santé"),
    ("genetic", "génétique"),
    ("biometric", "biométrique"),
    ("racial-ethnic", "origine raciale ou ethnique"),
    ("political", "opinions politiques"),
    ("religious", "convictions religieuses ou philosophiques"),
    ("union", "appartenance syndicale"),
    ("sex-life", "vie sexuelle ou orientation sexuelle"),
    ("criminal", "condamnations et infractions"),
    // Retention.
    ("(period not given)", "(durée non indiquée)"),
    ("{}: {}{}", "{} : {}{}"),
    (", from {}", ", à compter de : {}"),
    (
        "{}: {} (default of the category)",
        "{} : {} (durée par défaut de la catégorie)",
    ),
    // Recipients and processors.
    (", contract {}", ", contrat {}"),
    (", no contract recorded", ", aucun contrat enregistré"),
    ("grant {} on {}", "habilitation en {} sur {}"),
    (
        "grant {} on {}, through account {}",
        "habilitation en {} sur {}, par le compte {}",
    ),
    ("flow {}", "flux {}"),
    ("read", "lecture"),
    ("write", "écriture"),
    ("admin", "administration"),
    // Transfers.
    ("{} hosts {} in {}", "{} héberge {} en {}"),
    ("flow {} reaches {} in {}", "le flux {} atteint {} en {}"),
    (
        "{}: adequacy decision; {}",
        "{} : décision d'adéquation ; {}",
    ),
    (
        "{}: EU-US Data Privacy Framework (adequacy decision); {}",
        "{} : cadre de protection des données UE-États-Unis (décision d'adéquation) ; {}",
    ),
    (
        "{}: {}; NOT DECLARED, no safeguard recorded{}",
        "{} : {} ; NON DÉCLARÉ, aucune garantie enregistrée{}",
    ),
    (
        " (processing {} declares the same destination)",
        " (le traitement {} déclare la même destination)",
    ),
    ("no safeguard given", "aucune garantie indiquée"),
    ("scc", "clauses contractuelles types"),
    ("bcr", "règles d'entreprise contraignantes"),
    ("adequacy", "décision d'adéquation"),
    ("derogation-49", "dérogation (art. 49)"),
    // Hosting.
    ("{}, sites {}", "{}, sites {}"),
    (" (HDS)", " (HDS)"),
    // Measures.
    ("{}: {} of {}", "{} : {} sur {}"),
    (
        "access paths with a second factor",
        "accès protégés par un second facteur",
    ),
    (
        "grants reviewed within {}",
        "habilitations revues depuis moins de {}",
    ),
    ("single sign-on: {}", "authentification unique : {}"),
    (
        "applications with access logging",
        "applications journalisant les accès",
    ),
    (
        "applications with an offline or immutable backup",
        "applications avec une sauvegarde hors ligne ou immuable",
    ),
    (
        "applications with a restore test on record",
        "applications avec un test de restauration enregistré",
    ),
    (
        "applications encrypted at rest",
        "applications chiffrées au repos",
    ),
    ("flows encrypted in transit", "flux chiffrés en transit"),
    ("{}: contract {}{}", "{} : contrat {}{}"),
    ("(no reference)", "(sans référence)"),
    (", expires {}", ", expire le {}"),
    ("{}: no contract recorded", "{} : aucun contrat enregistré"),
    // DPIA.
    ("required: {}", "requise : {}"),
    (
        "not required by the CNIL list or two EDPB criteria",
        "non requise par la liste de la CNIL ni par deux critères du CEPD",
    ),
    ("status: {}", "état : {}"),
    ("not given", "non indiqué"),
    ("done", "réalisée"),
    ("in-progress", "en cours"),
    ("not-required", "non requise"),
    ("required", "requise"),
    (
        "health or genetic data processed for care (CNIL list of processings requiring a DPIA)",
        "données de santé ou génétiques traitées pour la prise en charge (liste CNIL des traitements soumis à AIPD)",
    ),
    (
        "special data processed on a large scale",
        "données sensibles traitées à grande échelle",
    ),
    ("{} EDPB criteria: {}", "{} critères du CEPD : {}"),
    ("special data ({})", "données sensibles ({})"),
    ("large scale", "grande échelle"),
    ("vulnerable subjects ({})", "personnes vulnérables ({})"),
    ("automated decisions", "décisions automatisées"),
    ("DPIA required; status: {}", "AIPD requise ; état : {}"),
    (
        "DPIA required; no status",
        "AIPD requise ; état non indiqué",
    ),
    (
        "DPIA not required; status: {}",
        "AIPD non requise ; état : {}",
    ),
    ("DPIA not required", "AIPD non requise"),
    (
        "CONTRADICTION: the screening above requires a DPIA, but the processing declares it not required (finding GDPR009)",
        "CONTRADICTION : l'analyse ci-dessus requiert une AIPD, mais le traitement la déclare non requise (constat GDPR009)",
    ),
    (
        "MISSING: the processing handles special data (field 9) without an Art. 9(2) or Art. 10 condition (finding GDPR003)",
        "MANQUANT : le traitement porte sur des données sensibles (rubrique 9) sans condition de l'art. 9.2 ou de l'art. 10 (constat GDPR003)",
    ),
    // Automated decisions.
    ("yes", "oui"),
    ("no", "non"),
    ("not stated", "non précisé"),
    // Hospital groups.
    (
        "Processor, on behalf of {} (the shared applications it runs for it)",
        "Sous-traitant, pour le compte de {} (les applications partagées qu'il exploite pour lui)",
    ),
    (
        "{} (support establishment: runs {} for the group){}",
        "{} (établissement support : exploite {} pour le groupement){}",
    ),
    // The site (`carto site`).
    ("Site", "Site"),
    ("Home", "Accueil"),
    ("Diagrams", "Schémas"),
    ("Findings", "Constats"),
    ("Rules", "Règles"),
    ("Register", "Registre"),
    ("Search", "Rechercher"),
    (
        "Generated by carto from the inventory.",
        "Produit par carto à partir de l'inventaire.",
    ),
    ("The inventory", "L'inventaire"),
    ("Inventory as of {}.", "Inventaire au {}."),
    (
        "Inventory as of {}, commit {}.",
        "Inventaire au {}, commit {}.",
    ),
    (
        "The ecosystem: the organization and its partners",
        "L'écosystème : l'organisme et ses partenaires",
    ),
    ("All diagrams", "Tous les schémas"),
    ("What it holds", "Contenu de l'inventaire"),
    ("kind", "type"),
    ("count", "nombre"),
    (
        "{} errors, {} warnings, {} info",
        "{} erreurs, {} avertissements, {} informations",
    ),
    (
        "Special data at a glance",
        "Données sensibles en un coup d'œil",
    ),
    ("category", "catégorie"),
    ("held by", "détenue par"),
    ("people who reach it", "personnes qui y accèdent"),
    ("transfers outside the EEA", "transferts hors EEE"),
    ("name", "nom"),
    ("declared at", "déclaré en"),
    ("{} and what it is linked to", "{} et ce qui lui est lié"),
    ("Fields", "Champs"),
    ("Relations", "Relations"),
    ("Named by", "Cité par"),
    ("{} {} names it in {}", "{} {} le cite dans {}"),
    ("Held by", "Détenue par"),
    (
        "Organizations that receive or host it",
        "Organismes qui la reçoivent ou l'hébergent",
    ),
    ("Who reaches it", "Qui y accède"),
    ("What it reaches", "Ce à quoi il accède"),
    ("principal", "titulaire"),
    ("application", "application"),
    ("level", "niveau"),
    ("data", "données"),
    ("why", "pourquoi"),
    (
        "{} more rows: {} lists them all.",
        "{} lignes de plus : {} les liste toutes.",
    ),
    ("Filter", "Filtrer"),
    ("rule, entity, text", "règle, entité, texte"),
    ("severity", "gravité"),
    ("rule", "règle"),
    ("entity", "entité"),
    ("message", "message"),
    ("where", "emplacement"),
    ("what it checks", "ce qu'elle vérifie"),
    (
        "Search ids, names and tags",
        "Rechercher un identifiant, un nom, une étiquette",
    ),
    ("1 result for", "1 résultat pour"),
    ("results for", "résultats pour"),
    ("No diagram was drawn.", "Aucun schéma n'a été tracé."),
    ("Open at full size", "Ouvrir en taille réelle"),
    (
        "The register was not built.",
        "Le registre n'a pas été produit.",
    ),
    (
        "Ecosystem: organizations and the data between them",
        "Écosystème : les organismes et les données échangées",
    ),
    (
        "Applications by zone and the flows between them",
        "Applications par zone et flux entre elles",
    ),
    (
        "Flows, through their gateways",
        "Flux, par leurs passerelles",
    ),
    (
        "Infrastructure: sites, zones, servers",
        "Infrastructure : sites, zones, serveurs",
    ),
    (
        "Processings: their applications and data",
        "Traitements : leurs applications et leurs données",
    ),
    ("family", "famille"),
    ("Data it holds, and why", "Données détenues, et pourquoi"),
    ("Hosted in:", "Hébergée en :"),
    ("Its record in the register", "Sa fiche au registre"),
    ("errors", "erreurs"),
    ("warnings", "avertissements"),
    ("Crisis pack: {}", "Dossier de crise : {}"),
    (
        "Made by carto from the inventory on {}. Print it and keep it offline: it is for the day the network and the directory cannot be used.",
        "Produit par carto à partir de l'inventaire du {}. Imprimez-le et gardez-le hors ligne : il sert le jour où le réseau et l'annuaire sont inutilisables.",
    ),
    ("the organization", "l'organisme"),
    ("Who to call", "Qui appeler"),
    ("who", "qui"),
    ("contact", "contact"),
    ("no contact recorded", "aucun contact enregistré"),
    ("Restore order", "Ordre de restauration"),
    (
        "Dependencies first, then the most urgent (the shortest RTO among an application and what waits for it); among applications that depend on each other, the shortest RTO first.",
        "Les dépendances d'abord, puis le plus urgent (la DMIA la plus courte parmi une application et ce qui l'attend) ; entre applications qui dépendent l'une de l'autre, la DMIA la plus courte d'abord.",
    ),
    ("Tier 0", "Tier 0 (cœur de confiance)"),
    (
        "What controls the whole information system: rebuild and check these first, from clean media, before reconnecting anything.",
        "Ce qui contrôle tout le système d'information : à reconstruire et vérifier en premier, depuis des supports sains, avant de reconnecter quoi que ce soit.",
    ),
    ("member", "membre"),
    ("declared tier 0", "déclaré tier 0"),
    (
        "Ways in (attack paths to tier 0)",
        "Voies d'entrée (chemins d'attaque vers le tier 0)",
    ),
    ("(no MFA)", "(sans MFA)"),
    ("Criticality, RTO, RPO", "Criticité, DMIA, PDMA"),
    ("{}, RTO {}, RPO {}", "{}, DMIA {}, PDMA {}"),
    ("Degraded mode", "Mode dégradé"),
    ("no procedure recorded", "aucune procédure enregistrée"),
    ("Owner", "Responsable"),
    ("no owner", "aucun responsable"),
    ("Vendor", "Éditeur"),
    ("Host", "Hébergeur"),
    ("Runs on", "Serveurs"),
    ("Depends on", "Dépend de"),
    ("Targets", "Objectifs"),
    ("hold", "tenus"),
    ("no backup recorded", "aucune sauvegarde enregistrée"),
    (
        "every {}, offline {}, immutable {}, last restore test {}, restore time {}",
        "toutes les {}, hors ligne {}, immuable {}, dernier test de restauration {}, durée de restauration {}",
    ),
    (", by {}", ", par {}"),
    ("never", "jamais"),
    ("not set", "non renseigné"),
    (
        "Administration and emergency access",
        "Accès d'administration et d'urgence",
    ),
    ("on", "sur"),
    ("how", "comment"),
    ("via {}", "via {}"),
    ("MFA", "MFA"),
    ("no MFA", "sans MFA"),
    ("remote", "à distance"),
    (" (owner {})", " (propriétaire {})"),
    (
        "no admin or break-glass access recorded",
        "aucun accès d'administration ou bris de glace enregistré",
    ),
    (
        "backups every {} cannot meet its RPO of {}",
        "des sauvegardes toutes les {} ne tiennent pas sa PDMA de {}",
    ),
    (
        "its restore takes {}, over its RTO of {}",
        "sa restauration prend {}, au-delà de sa DMIA de {}",
    ),
    (
        "depends on {}, whose {} is {}",
        "dépend de {}, dont la {} est de {}",
    ),
    (", which depends on ", ", qui dépend de "),
    ("backup restore time", "durée de restauration"),
    ("RTO", "DMIA"),
    ("member of", "membre de"),
    ("owns", "détient"),
    ("employs", "emploie"),
    ("admin of", "administrateur de"),
    (
        "rides the admin sessions of",
        "détourne les sessions d'administration de",
    ),
    ("hosts", "héberge"),
    ("runs on", "tourne sur"),
    (
        "authenticates the users of",
        "authentifie les utilisateurs de",
    ),
    ("restores", "restaure"),
    ("exposes", "expose"),
    ("authenticates its users", "authentifie ses utilisateurs"),
    ("restores it", "la restaure"),
    ("sends it data", "lui envoie des données"),
    ("relays its incoming data", "relaie ses données entrantes"),
    ("supplier", "fournisseur"),
    ("host", "hébergeur"),
    ("processor", "sous-traitant"),
    ("partner", "partenaire"),
    ("recipient", "destinataire"),
    ("authority", "autorité"),
    ("account", "compte"),
    ("group", "groupe"),
    ("server", "serveur"),
    ("person", "personne"),
    ("organization", "organisme"),
    ("vital", "vitale"),
    ("high", "haute"),
    ("medium", "moyenne"),
    ("low", "faible"),
    ("Establishments", "Établissements"),
    ("establishment", "établissement"),
    ("applications", "applications"),
    ("processings", "traitements"),
    ("people", "personnes"),
    (
        "Belongs to this establishment",
        "Relève de cet établissement",
    ),
    ("and {} more", "et {} de plus"),
    ("info", "informations"),
    ("Maturity per ANSSI view", "Maturité par vue de l'ANSSI"),
    ("view", "vue"),
    ("level {}", "niveau {}"),
    (
        "Nothing to draw in this view.",
        "Rien à représenter dans cette vue.",
    ),
    (
        "Too large to draw ({} nodes, {} links): `carto diagram {} --split -o DIR` draws it a group at a time.",
        "Trop grand pour être tracé ({} nœuds, {} liens) : `carto diagram {} --split -o DOSSIER` le trace groupe par groupe.",
    ),
    (
        "Graphviz is not installed where this site was built: the diagrams are missing (Debian: apt-get install graphviz).",
        "Graphviz n'est pas installé là où ce site a été produit : les schémas manquent (Debian : apt-get install graphviz).",
    ),
];

/// `en` in `lang`; English itself when the table has no entry.
pub fn tr(lang: Language, en: &'static str) -> &'static str {
    static FRENCH: std::sync::OnceLock<crate::hash::HashMap<&str, &str>> =
        std::sync::OnceLock::new();
    match lang {
        Language::En => en,
        Language::Fr => FRENCH
            .get_or_init(|| FR.iter().copied().collect())
            .get(en)
            .copied()
            .unwrap_or(en),
    }
}

/// A template of the table in `lang`, its `{}` replaced by `args` in order.
pub fn trf(lang: Language, en: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    let template = tr(lang, en);
    let mut out = String::with_capacity(template.len() + 16);
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        if let Some(a) = args.get(i) {
            out.push_str(&a.to_string());
        }
        out.push_str(part);
    }
    out
}

/// The table's (English, French) entries (for the test that no English is left).
pub fn entries() -> &'static [(&'static str, &'static str)] {
    FR
}

/// The register's words in one language (methods, so that mixed
/// arguments coerce to `&dyn Display`).
#[derive(Clone, Copy)]
pub struct Words(pub Language);

impl Words {
    pub fn t(self, en: &'static str) -> &'static str {
        tr(self.0, en)
    }
    pub fn f(self, en: &'static str, args: &[&dyn std::fmt::Display]) -> String {
        trf(self.0, en, args)
    }
}

/// A DPIA screening reason (`dpia_reasons` writes English) in the register's language.
pub fn reason_text(l: Words, text: &str) -> String {
    if l.0 == Language::En {
        return text.to_string();
    }
    let mut out = text.to_string();
    // Whole reasons first, then the parts of the EDPB criteria list.
    for en in [
        "health or genetic data processed for care (CNIL list of processings requiring a DPIA)",
        "special data processed on a large scale",
        "large scale",
        "automated decisions",
    ] {
        out = out.replace(en, l.t(en));
    }
    for (en, template) in [
        (" EDPB criteria: ", "{} EDPB criteria: {}"),
        ("special data (", "special data ({})"),
        ("vulnerable subjects (", "vulnerable subjects ({})"),
    ] {
        let fr = l.t(template);
        if let Some(cut) = fr.find("{}") {
            let fr_head = if en == " EDPB criteria: " {
                fr[cut + 2..fr.rfind("{}").unwrap_or(fr.len())].to_string()
            } else {
                fr[..cut].to_string()
            };
            out = out.replace(en, &fr_head);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_order_and_entries_are_unique() {
        assert_eq!(
            trf(Language::Fr, "created {}", &[&"2024-01-01"]),
            "créé le 2024-01-01"
        );
        assert_eq!(
            trf(Language::En, "{}: {} of {}", &[&"x", &1, &2]),
            "x: 1 of 2"
        );
        let mut seen = std::collections::HashSet::new();
        for (e, f) in FR {
            assert!(seen.insert(*e), "twice: {e}");
            assert_eq!(e.matches("{}").count(), f.matches("{}").count(), "{e}");
        }
    }
}
