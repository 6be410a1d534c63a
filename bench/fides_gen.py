#!/usr/bin/env python3
"""Writes N fideslang systems and a policy into DIR, deterministically
(seed 1): privacy declarations drawn from fideslang's default taxonomy,
egress between systems, and a policy whose rules use ANY, ALL and NONE.
For bench/fides-parity.sh: Fides and carto must find the same violations.

    fides_gen.py N DIR
"""
import os
import random
import sys

CATEGORIES = [
    "user.contact.email", "user.name", "user.health_and_medical", "user.health_and_medical.genetic",
    "user.financial.bank_account", "user.device.cookie_id", "system.operations",
    "user.demographic.date_of_birth", "user.location.imprecise", "user.biometric",
    "user.criminal_history", "user.government_id.national_identification_number",
    "user.demographic.political_opinion", "user.contact",
]
USES = [
    "marketing.advertising", "marketing.communications", "essential.service", "functional.service",
    "analytics.reporting", "third_party_sharing", "personalize.profiling", "employment",
]
SUBJECTS = ["customer", "employee", "patient", "prospect", "visitor"]

POLICY = """policy:
  - fides_key: parity_policy
    name: Parity policy
    rules:
      - name: No health data for marketing
        data_categories: {matches: ANY, values: [user.health_and_medical, user.biometric]}
        data_uses: {matches: ANY, values: [marketing, third_party_sharing]}
        data_subjects: {matches: ANY, values: [customer, patient, prospect]}
      - name: Only contact data for communications
        data_categories: {matches: ALL, values: [user.contact]}
        data_uses: {matches: ANY, values: [marketing.communications]}
        data_subjects: {matches: ANY, values: [customer, prospect]}
      - name: Profiling without any identity
        data_categories: {matches: NONE, values: [user.name, user.government_id]}
        data_uses: {matches: ANY, values: [personalize]}
        data_subjects: {matches: ALL, values: [customer, prospect]}
      - name: Employee data outside employment
        data_categories: {matches: ANY, values: [user]}
        data_uses: {matches: NONE, values: [employment, essential]}
        data_subjects: {matches: ANY, values: [employee]}
"""


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    # With --datasets, each system has a dataset of 3 collections of 5
    # fields that its declarations refer to (Fides evaluates each of them).
    datasets = "--datasets" in sys.argv[3:]
    rnd = random.Random(1)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "policy.yml"), "w") as f:
        f.write(POLICY)
    with open(os.path.join(out, "organization.yml"), "w") as f:
        f.write("organization:\n  - fides_key: default_organization\n    name: Generated hospital\n")
    with open(os.path.join(out, "systems.yml"), "w") as f:
        f.write("system:\n")
        for i in range(n):
            f.write(f"  - fides_key: system_{i}\n    name: System {i}\n    system_type: Service\n")
            if i > 0 and rnd.random() < 0.5:
                j = rnd.randrange(i)
                cats = ", ".join(rnd.sample(CATEGORIES, 2))
                f.write(f"    egress:\n      - fides_key: system_{j}\n        type: system\n        data_categories: [{cats}]\n")
            f.write("    privacy_declarations:\n")
            for k in range(rnd.randint(1, 3)):
                cats = ", ".join(rnd.sample(CATEGORIES, rnd.randint(1, 3)))
                subs = ", ".join(rnd.sample(SUBJECTS, rnd.randint(1, 2)))
                f.write(
                    f"      - name: Declaration {k}\n"
                    f"        data_categories: [{cats}]\n"
                    f"        data_use: {rnd.choice(USES)}\n"
                    f"        data_subjects: [{subs}]\n"
                )
                if datasets:
                    f.write(f"        dataset_references: [dataset_{i}]\n")
    if datasets:
        with open(os.path.join(out, "datasets.yml"), "w") as f:
            f.write("dataset:\n")
            for i in range(n):
                f.write(f"  - fides_key: dataset_{i}\n    name: Dataset {i}\n    collections:\n")
                for c in range(3):
                    f.write(f"      - name: table_{c}\n        fields:\n")
                    for k in range(5):
                        cat = rnd.choice(CATEGORIES)
                        f.write(f"          - name: column_{k}\n            data_categories: [{cat}]\n")


if __name__ == "__main__":
    main()
