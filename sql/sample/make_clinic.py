#!/usr/bin/env python3
"""Writes clinic.sql: the schema and data of NlQuery's second sample database, an outpatient clinic.

It is the "user's own database" of the learning-from-corrections scenario (samples/clinic-questions.jsonl holds the
questions its staff ask). Its vocabulary deliberately differs from the shop's and from how people talk: staff say
"doctors", "seen", "no-shows" and "bills"; the tables say physicians, appointments, status and invoices.

Deterministic (fixed seed), standard library only. Regenerate with:
    python3 sql/sample/make_clinic.py > sql/sample/clinic.sql
and rebuild samples/clinic.db with:
    rm -f samples/clinic.db && sqlite3 samples/clinic.db < sql/sample/clinic.sql
(or let the tests tell you: they check that samples/clinic.db matches clinic.sql).
"""
import random
from datetime import date, datetime, timedelta

from sample_sql import insert

rng = random.Random(20260314)

DEPARTMENTS = [  # name, floor, phone extension
    ("Family Medicine", 1, "2100"), ("Cardiology", 3, "2300"), ("Dermatology", 2, "2200"),
    ("Pediatrics", 1, "2150"), ("Orthopedics", 2, "2250"), ("Neurology", 4, "2400"),
    ("Endocrinology", 3, "2350"), ("Obstetrics & Gynecology", 4, "2450"), ("Ophthalmology", 2, "2280"),
]
# Physicians: first, last, department (index into DEPARTMENTS), credential, hired on. Some departments are busier.
PHYSICIANS = [
    ("Sarah", "Whitfield", 0, "MD", "2012-09-01"), ("David", "Okafor", 0, "MD", "2016-02-15"),
    ("María José", "Núñez", 0, "DO", "2019-07-01"), ("Tom", "Becker", 0, "NP", "2021-03-22"),
    ("Priya", "Raman", 1, "MD", "2010-05-10"), ("Henrik", "Lindqvist", 1, "MD", "2015-11-02"),
    ("Aisha", "Bello", 1, "MD", "2022-08-29"), ("Claire", "Dubois", 2, "MD", "2014-01-06"),
    ("Siobhán", "O'Connor", 2, "MD", "2020-10-12"), ("Kenji", "Watanabe", 3, "MD", "2011-04-18"),
    ("Laura", "Esposito", 3, "MD", "2018-06-04"), ("Ben", "Adeyemi", 3, "NP", "2023-01-09"),
    ("Marcus", "Hale", 4, "MD", "2009-08-17"), ("Zoë", "Papadopoulos", 4, "DO", "2017-09-25"),
    ("Ravi", "Menon", 5, "MD", "2013-03-11"), ("Ingrid", "Solberg", 5, "MD", "2021-05-03"),
    ("Fatima", "Haddad", 6, "MD", "2016-12-05"), ("Patrick", "O'Neill", 6, "MD", "2024-02-19"),
    ("Élodie", "Lefèvre", 7, "MD", "2012-02-27"), ("Grace", "Mensah", 7, "MD", "2019-09-16"),
    ("Hannah", "Kowalczyk", 7, "NP", "2022-04-11"), ("Jonas", "Schmidt", 8, "MD", "2015-07-20"),
]
WEIGHT = [5, 5, 4, 3, 4, 3, 3, 2, 3, 4, 3, 2, 3, 3, 2, 2, 2, 1, 3, 3, 2, 2]

INSURERS = [  # name, plan type, phone (a few unknown)
    ("BlueShield Health", "PPO", "800-555-0101"), ("Aetna Choice", "PPO", "800-555-0142"),
    ("UnitedCare", "HMO", "800-555-0177"), ("Medicare", "Government", "800-633-4227"),
    ("Medicaid", "Government", None), ("Harbor Mutual", "EPO", "888-555-0190"),
    ("Kaiser Select", "HMO", None),
]
INSURER_WEIGHT = [6, 5, 5, 4, 3, 2, 2]

FIRST_F = ["Emma", "Olivia", "Ava", "Sophia", "Mia", "Isabella", "Chloé", "Lucía", "Amara", "Noor", "Yuki", "Freya",
           "Hannah", "Grace", "Zara", "Inés", "Maya", "Leah", "Ruth", "Margaret", "Aoife", "Elena", "Fatou", "Rosa"]
FIRST_M = ["Liam", "Noah", "James", "Lucas", "Mateo", "Ethan", "Omar", "Arjun", "Hugo", "Leo", "Samuel", "José",
           "Daniel", "Kofi", "Sven", "Tomás", "Ali", "George", "Walter", "Felix", "Owen", "Diego", "Ravi", "Henry"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Garcia", "Martinez", "Nguyen", "Patel", "O'Brien", "Müller",
        "Rossi", "Kim", "Chen", "Hughes", "Lopez", "Ibrahim", "D'Angelo", "Fernández", "Novak", "Walker", "Wright",
        "Murphy", "Sánchez", "Cohen", "Ali", "Brennan", "Jensen", "Baker", "Reyes", "Foster"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Millbrook", "Fairview", "Oak Hill", "Coeur d'Alene"]
CITY_WEIGHT = [10, 6, 5, 4, 3, 2, 1]

ROOM_TYPES = ["Exam room", "Exam room", "Procedure room"]

# ICD-10 codes with the department most likely to use them (index into DEPARTMENTS).
DIAGNOSES = [
    ("I10", "Essential (primary) hypertension", "Circulatory", [0, 1]),
    ("I48.91", "Atrial fibrillation, unspecified", "Circulatory", [1]),
    ("I25.10", "Coronary artery disease", "Circulatory", [1]),
    ("E11.9", "Type 2 diabetes mellitus without complications", "Endocrine", [0, 6]),
    ("E03.9", "Hypothyroidism, unspecified", "Endocrine", [6]),
    ("E78.5", "Hyperlipidemia, unspecified", "Endocrine", [0, 1, 6]),
    ("J06.9", "Acute upper respiratory infection", "Respiratory", [0, 3]),
    ("J45.909", "Asthma, uncomplicated", "Respiratory", [0, 3]),
    ("L20.9", "Atopic dermatitis (eczema)", "Skin", [2, 3]),
    ("L70.0", "Acne vulgaris", "Skin", [2]),
    ("C43.9", "Malignant melanoma of skin", "Neoplasm", [2]),
    ("M54.5", "Low back pain", "Musculoskeletal", [0, 4]),
    ("M17.11", "Osteoarthritis of right knee", "Musculoskeletal", [4]),
    ("S93.401A", "Sprain of ankle ligament", "Injury", [4, 3]),
    ("G43.909", "Migraine, unspecified", "Nervous system", [5, 0]),
    ("G40.909", "Epilepsy, unspecified", "Nervous system", [5]),
    ("G35", "Multiple sclerosis", "Nervous system", [5]),
    ("Z34.90", "Supervision of normal pregnancy", "Pregnancy", [7]),
    ("N94.6", "Dysmenorrhea", "Genitourinary", [7]),
    ("H40.9", "Glaucoma, unspecified", "Eye", [8]),
    ("H25.9", "Age-related cataract", "Eye", [8]),
    ("Z00.00", "General adult medical examination", "Preventive", [0]),
    ("Z00.129", "Routine child health check", "Preventive", [3]),
    ("F41.1", "Generalized anxiety disorder", "Mental health", [0, 5]),
]
REASONS = {  # visit reason per department, as the front desk types them
    0: ["Annual physical", "Follow-up", "Cough and fever", "Blood pressure check", "Back pain", "Medication review"],
    1: ["Chest pain", "Palpitations", "Follow-up", "Post-stent check", "Blood pressure check"],
    2: ["Skin rash", "Mole check", "Acne follow-up", "Follow-up"],
    3: ["Well-child visit", "Vaccinations", "Ear pain", "Asthma follow-up", "Fever"],
    4: ["Knee pain", "Ankle injury", "Post-op follow-up", "Back pain"],
    5: ["Headaches", "Seizure follow-up", "Numbness", "Follow-up"],
    6: ["Diabetes follow-up", "Thyroid check", "Follow-up"],
    7: ["Prenatal visit", "Annual exam", "Pelvic pain"],
    8: ["Eye exam", "Blurred vision", "Glaucoma follow-up"],
}
MEDICATIONS = [  # name, form, strength, for diagnosis codes
    ("Lisinopril", "tablet", "10 mg", ["I10"]), ("Amlodipine", "tablet", "5 mg", ["I10"]),
    ("Apixaban", "tablet", "5 mg", ["I48.91"]), ("Atorvastatin", "tablet", "40 mg", ["E78.5", "I25.10"]),
    ("Metformin", "tablet", "500 mg", ["E11.9"]), ("Levothyroxine", "tablet", "50 mcg", ["E03.9"]),
    ("Amoxicillin", "capsule", "500 mg", ["J06.9"]), ("Albuterol", "inhaler", "90 mcg/puff", ["J45.909"]),
    ("Hydrocortisone cream", "cream", "1%", ["L20.9"]), ("Doxycycline", "capsule", "100 mg", ["L70.0", "J06.9"]),
    ("Ibuprofen", "tablet", "600 mg", ["M54.5", "M17.11", "S93.401A", "N94.6"]),
    ("Naproxen", "tablet", "500 mg", ["M17.11", "M54.5"]), ("Sumatriptan", "tablet", "50 mg", ["G43.909"]),
    ("Levetiracetam", "tablet", "500 mg", ["G40.909"]), ("Sertraline", "tablet", "50 mg", ["F41.1"]),
    ("Latanoprost", "eye drops", "0.005%", ["H40.9"]), ("Prenatal vitamins", "tablet", None, ["Z34.90"]),
    ("Aspirin", "tablet", "81 mg", ["I25.10"]),
]
LAB_TESTS = [  # name, unit, normal low, normal high, for diagnosis codes
    ("Hemoglobin A1c", "%", 4.0, 5.6, ["E11.9"]), ("LDL cholesterol", "mg/dL", 0.0, 100.0, ["E78.5", "I25.10"]),
    ("TSH", "mIU/L", 0.4, 4.0, ["E03.9"]), ("Fasting glucose", "mg/dL", 70.0, 99.0, ["E11.9", "Z00.00"]),
    ("Hemoglobin", "g/dL", 12.0, 17.5, ["Z00.00", "Z34.90"]), ("Creatinine", "mg/dL", 0.6, 1.3, ["I10", "E11.9"]),
    ("Potassium", "mmol/L", 3.5, 5.1, ["I10", "I48.91"]), ("White blood cell count", "10^3/uL", 4.5, 11.0, ["J06.9"]),
    ("Vitamin D", "ng/mL", 30.0, 100.0, ["Z00.00"]), ("INR", None, 0.8, 1.2, ["I48.91"]),
]
FEES = {"Family Medicine": 140, "Cardiology": 260, "Dermatology": 180, "Pediatrics": 130, "Orthopedics": 230,
        "Neurology": 250, "Endocrinology": 210, "Obstetrics & Gynecology": 200, "Ophthalmology": 170}


print("-- NlQuery sample database: an outpatient clinic. Generated by make_clinic.py; do not edit by hand.")
print("PRAGMA foreign_keys = ON;")
print("BEGIN;")
print("""CREATE TABLE departments (
    department_id   INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    floor           INTEGER NOT NULL,
    phone_extension TEXT NOT NULL
);
CREATE TABLE physicians (
    physician_id  INTEGER PRIMARY KEY,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    department_id INTEGER NOT NULL REFERENCES departments (department_id),
    credential    TEXT NOT NULL,
    hired_on      TEXT NOT NULL
);
CREATE TABLE rooms (
    room_id       INTEGER PRIMARY KEY,
    room_number   TEXT NOT NULL UNIQUE,
    department_id INTEGER NOT NULL REFERENCES departments (department_id),
    room_type     TEXT NOT NULL
);
CREATE TABLE insurers (
    insurer_id INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    plan_type  TEXT NOT NULL,
    phone      TEXT
);
CREATE TABLE patients (
    patient_id           INTEGER PRIMARY KEY,
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    date_of_birth        TEXT NOT NULL,
    sex                  TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    city                 TEXT NOT NULL,
    phone                TEXT,
    email                TEXT,
    insurer_id           INTEGER REFERENCES insurers (insurer_id),
    primary_physician_id INTEGER REFERENCES physicians (physician_id),
    registered_on        TEXT NOT NULL
);
CREATE TABLE appointments (
    appointment_id INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES patients (patient_id),
    physician_id   INTEGER NOT NULL REFERENCES physicians (physician_id),
    room_id        INTEGER REFERENCES rooms (room_id),
    scheduled_at   TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('completed', 'cancelled', 'no-show', 'scheduled'))
);
CREATE TABLE diagnoses (
    diagnosis_code TEXT PRIMARY KEY,
    description    TEXT NOT NULL,
    category       TEXT NOT NULL
);
CREATE TABLE appointment_diagnoses (
    appointment_id INTEGER NOT NULL REFERENCES appointments (appointment_id),
    diagnosis_code TEXT NOT NULL REFERENCES diagnoses (diagnosis_code),
    is_primary     INTEGER NOT NULL,
    PRIMARY KEY (appointment_id, diagnosis_code)
);
CREATE TABLE medications (
    medication_id INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    form          TEXT NOT NULL,
    strength      TEXT
);
CREATE TABLE prescriptions (
    prescription_id INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments (appointment_id),
    medication_id   INTEGER NOT NULL REFERENCES medications (medication_id),
    dosage          TEXT NOT NULL,
    days_supply     INTEGER NOT NULL,
    refills         INTEGER NOT NULL
);
CREATE TABLE lab_tests (
    lab_test_id INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    unit        TEXT,
    normal_low  REAL NOT NULL,
    normal_high REAL NOT NULL
);
CREATE TABLE lab_results (
    lab_result_id  INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (appointment_id),
    lab_test_id    INTEGER NOT NULL REFERENCES lab_tests (lab_test_id),
    value          REAL NOT NULL,
    flag           TEXT CHECK (flag IN ('H', 'L')),
    resulted_on    TEXT NOT NULL
);
CREATE TABLE invoices (
    invoice_id     INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments (appointment_id),
    insurer_id     INTEGER REFERENCES insurers (insurer_id),
    amount         REAL NOT NULL,
    insurer_paid   REAL NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'denied', 'written off')),
    issued_on      TEXT NOT NULL,
    paid_on        TEXT
);""")

insert("departments", [(i + 1, n, f, e) for i, (n, f, e) in enumerate(DEPARTMENTS)])
physicians = [(i + 1, f, l, d + 1, c, h) for i, (f, l, d, c, h) in enumerate(PHYSICIANS)]
insert("physicians", physicians)

rooms, rooms_of = [], {}
for d, (name, floor, _) in enumerate(DEPARTMENTS):
    for k in range(3 if d in (0, 1, 3) else 2):
        room_id = len(rooms) + 1
        rooms.append((room_id, f"{floor}{d + 1:01d}{k + 1}", d + 1, ROOM_TYPES[k % 3] if d != 4 else ROOM_TYPES[2 - k]))
        rooms_of.setdefault(d, []).append(room_id)
insert("rooms", rooms)
insert("insurers", [(i + 1, n, t, p) for i, (n, t, p) in enumerate(INSURERS)])

patients, emails, birth_dates = [], set(), set()
for i in range(900):
    sex = rng.choice("FM")
    first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
    last = rng.choice(LAST)
    age_days = rng.randint(1 * 365, 92 * 365) if rng.random() < 0.85 else rng.randint(30, 16 * 365)
    born = date(2025, 12, 31) - timedelta(days=age_days)
    while str(born) in birth_dates:  # distinct birth dates: "our oldest patient" has one answer
        born -= timedelta(days=1)
    birth_dates.add(str(born))
    phone = f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}" if rng.random() < 0.9 else None
    email = None
    if rng.random() < 0.7:
        email = f"{first}.{last}".lower().replace("'", "").replace(" ", "") + "@mail.example"
        while email in emails:
            email = email.replace("@", f"{rng.randint(1, 99)}@", 1)
        emails.add(email)
    insurer = rng.choices(range(1, len(INSURERS) + 1), INSURER_WEIGHT)[0] if rng.random() < 0.88 else None
    if age_days > 65 * 365 and insurer is not None and rng.random() < 0.7:
        insurer = 4  # most over-65s are on Medicare
    if age_days < 18 * 365:
        pcp = rng.choice([10, 11, 12])
    else:
        pcp = rng.choice([1, 2, 3, 4]) if rng.random() < 0.92 else None
    registered = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3950))
    patients.append((i + 1, first, last, str(born), sex, rng.choices(CITIES, CITY_WEIGHT)[0], phone, email,
                     insurer, pcp, str(max(registered, born))))
insert("patients", patients)

diagnoses_of = {d: [c for c, _, _, ds in DIAGNOSES if d in ds] for d in range(len(DEPARTMENTS))}
insert("diagnoses", [(c, desc, cat) for c, desc, cat, _ in DIAGNOSES])
insert("medications", [(i + 1, n, f, s) for i, (n, f, s, _) in enumerate(MEDICATIONS)])
insert("lab_tests", [(i + 1, n, u, lo, hi) for i, (n, u, lo, hi, _) in enumerate(LAB_TESTS)])

children = [p for p in patients if p[3] > "2008-01-01"]
cutoff = datetime(2025, 12, 1)  # the day the snapshot was taken: later appointments are still scheduled
appointments, visit_diagnoses, prescriptions, lab_results, invoices = [], [], [], [], []
for i in range(3200):
    physician = rng.choices(physicians, WEIGHT)[0]
    dept = physician[3] - 1
    candidates = [rng.choice(patients) for _ in range(6)]
    if dept == 3:  # pediatrics sees children
        patient = rng.choice(children)
    elif dept == 7:
        patient = next((p for p in candidates if p[4] == "F" and p[3] < "2008-01-01"), candidates[0])
    else:
        patient = next((p for p in candidates if p[3] < "2008-01-01"), candidates[0])
    day = date(2024, 1, 2) + timedelta(days=rng.randint(0, 730))
    if day.weekday() >= 5:
        day -= timedelta(days=day.weekday() - 4)
    at = datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.choice([0, 15, 30, 45]))
    if at >= cutoff:
        status = "scheduled"
    else:
        status = rng.choices(["completed", "cancelled", "no-show"], [82, 11, 7])[0]
    room = rng.choice(rooms_of[dept]) if rng.random() < 0.93 else None
    duration = rng.choice([15, 20, 30, 30, 45, 60] if dept != 0 else [15, 15, 20, 30])
    appointment_id = len(appointments) + 1
    appointments.append((appointment_id, patient[0], physician[0], room, at.strftime("%Y-%m-%d %H:%M"), duration,
                         rng.choice(REASONS[dept]), status))
    if status != "completed":
        continue
    codes = rng.sample(diagnoses_of[dept], min(len(diagnoses_of[dept]), rng.choices([1, 2, 3], [6, 3, 1])[0]))
    for k, code in enumerate(codes):
        visit_diagnoses.append((appointment_id, code, 1 if k == 0 else 0))
    for code in codes:
        meds = [m for m in range(len(MEDICATIONS)) if code in MEDICATIONS[m][3]]
        if meds and rng.random() < 0.6:
            m = rng.choice(meds)
            prescriptions.append((len(prescriptions) + 1, appointment_id, m + 1,
                                  rng.choice(["once daily", "twice daily", "as needed", "three times daily"]),
                                  rng.choice([7, 10, 14, 30, 30, 90]), rng.choices([0, 1, 2, 3, 5], [5, 3, 2, 2, 1])[0]))
        tests = [t for t in range(len(LAB_TESTS)) if code in LAB_TESTS[t][4]]
        if tests and rng.random() < 0.55:
            t = rng.choice(tests)
            _, _, lo, hi, _ = LAB_TESTS[t]
            value = round(rng.gauss((lo + hi) / 2 + (hi - lo) * 0.25, (hi - lo) * 0.45), 1)
            value = max(value, round(lo * 0.5, 1), round(hi * 0.2, 1))  # no zero or negative results
            flag = "H" if value > hi else "L" if value < lo else None
            lab_results.append((len(lab_results) + 1, appointment_id, t + 1, value, flag,
                                str(day + timedelta(days=rng.randint(1, 5)))))
    fee = FEES[DEPARTMENTS[dept][0]] + 10 * len(codes) + rng.choice([0, 0, 15, 40])
    insurer = patient[8]
    covered = round(fee * rng.choice([0.7, 0.8, 0.9]), 2) if insurer is not None else 0.0
    issued = day + timedelta(days=rng.randint(1, 7))
    if issued >= date(2025, 11, 1):
        inv_status, paid_on, covered = "pending", None, 0.0
    else:
        inv_status = rng.choices(["paid", "denied", "written off", "pending"], [85, 5, 4, 6])[0]
        paid_on = str(issued + timedelta(days=rng.randint(5, 60))) if inv_status == "paid" else None
        if inv_status != "paid":
            covered = 0.0
    invoices.append((len(invoices) + 1, appointment_id, insurer, float(fee), covered, inv_status, str(issued), paid_on))

insert("appointments", appointments)
insert("appointment_diagnoses", visit_diagnoses)
insert("prescriptions", prescriptions)
insert("lab_results", lab_results)
insert("invoices", invoices)
print("COMMIT;")
