using Microsoft.Data.Sqlite;

namespace NlQuery.Benchmarks;

/// <summary>
/// A SQLite database of a large company's schema, synthesised deterministically: business modules (sales, payroll,
/// logistics, …) each with the same family of entity tables (customers, orders, order items, invoices, …) named
/// <c>module_entity</c>, foreign keys inside each module, and a few rows of realistic values per table.
/// </summary>
internal static class SyntheticDatabase
{
    private static readonly string[] Modules =
    [
        "sales", "payroll", "logistics", "marketing", "support", "finance", "hr", "procurement", "inventory", "crm",
        "billing", "legal", "facilities", "research", "manufacturing", "quality", "audit", "training", "travel", "fleet",
        "events", "retail", "wholesale", "ecommerce", "insurance", "claims", "lending", "treasury", "tax", "compliance",
        "security", "it", "analytics", "partners", "franchise", "catering", "hotel", "clinic", "pharmacy", "school",
    ];

    // Entity tables: name, extra columns, the entity each references (within the same module).
    private static readonly (string Name, string[] Columns, string[] References)[] Entities =
    [
        ("customers", ["full_name", "email", "city", "country", "signup_date"], []),
        ("employees", ["first_name", "last_name", "job_title", "salary", "hire_date"], ["departments"]),
        ("departments", ["department_name", "budget", "floor"], []),
        ("products", ["product_name", "category", "unit_price", "weight_kg"], ["suppliers"]),
        ("suppliers", ["company_name", "contact_name", "country", "phone"], []),
        ("orders", ["order_date", "status", "total_amount"], ["customers", "employees"]),
        ("order_items", ["quantity", "unit_price", "discount"], ["orders", "products"]),
        ("invoices", ["invoice_number", "issue_date", "due_date", "amount"], ["orders"]),
        ("payments", ["payment_date", "method", "amount"], ["invoices"]),
        ("shipments", ["carrier", "tracking_code", "shipped_date"], ["orders", "warehouses"]),
        ("warehouses", ["warehouse_name", "city", "capacity"], []),
        ("stock_levels", ["quantity_on_hand", "reorder_level"], ["products", "warehouses"]),
        ("projects", ["project_name", "start_date", "end_date", "budget"], ["departments"]),
        ("tasks", ["title", "priority", "due_date"], ["projects", "employees"]),
        ("meetings", ["topic", "meeting_date", "room"], ["projects"]),
        ("contracts", ["contract_type", "signed_date", "value"], ["customers"]),
        ("tickets", ["subject", "severity", "opened_at"], ["customers", "employees"]),
        ("campaigns", ["campaign_name", "channel", "start_date", "spend"], []),
        ("leads", ["lead_source", "score", "email"], ["campaigns"]),
        ("vehicles", ["plate_number", "model", "mileage"], []),
        ("trips", ["origin_city", "destination_city", "distance_km"], ["vehicles", "employees"]),
        ("assets", ["asset_tag", "purchase_date", "cost"], ["departments"]),
        ("reviews", ["rating", "comment", "review_date"], ["products", "customers"]),
        ("budgets", ["fiscal_year", "planned_amount", "actual_amount"], ["departments"]),
        ("audits", ["audit_date", "finding", "risk_level"], ["departments"]),
    ];

    private static readonly string[] Cities = ["Paris", "Berlin", "Madrid", "Tokyo", "Toronto", "Chicago", "Nairobi", "Lima", "Oslo", "Sydney"];
    private static readonly string[] Countries = ["France", "Germany", "Spain", "Japan", "Canada", "United States", "Kenya", "Peru", "Norway", "Australia"];
    private static readonly string[] Names = ["Alice Martin", "Bruno Keller", "Chen Wei", "Dana Okafor", "Emil Novak", "Fatima Haddad", "Goro Sato", "Hana Kim"];
    private static readonly string[] Words = ["pending", "shipped", "cancelled", "express", "standard", "urgent", "low", "high", "card", "transfer"];

    public const int TableCount = 1000;

    public static void Create(string path, int rowsPerTable = 12)
    {
        if (File.Exists(path))
            File.Delete(path);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;");
        using var transaction = connection.BeginTransaction();
        foreach (var module in Modules)
        {
            foreach (var (entity, columns, references) in Entities)
            {
                var table = $"{module}_{entity}";
                var parts = new List<string> { $"{Singular(entity)}_id INTEGER PRIMARY KEY" };
                parts.AddRange(columns.Select(c => $"{c} {(IsNumber(c) ? "REAL" : "TEXT")}"));
                parts.AddRange(references.Select(r => $"{Singular(r)}_id INTEGER REFERENCES {module}_{r}({Singular(r)}_id)"));
                Execute(connection, $"CREATE TABLE {table} ({string.Join(", ", parts)})");
                for (var row = 1; row <= rowsPerTable; row++)
                {
                    var values = new List<string> { row.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    values.AddRange(columns.Select((c, i) => Value(c, row + i + module.Length)));
                    values.AddRange(references.Select(_ => ((row % rowsPerTable) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    Execute(connection, $"INSERT INTO {table} VALUES ({string.Join(", ", values)})");
                }
            }
        }
        transaction.Commit();
    }

    private static string Singular(string entity) => entity.EndsWith("ies", StringComparison.Ordinal) ? entity[..^3] + "y" : entity.TrimEnd('s');

    private static bool IsNumber(string column) =>
        column is "salary" or "budget" or "floor" or "unit_price" or "weight_kg" or "total_amount" or "quantity" or "discount" or "amount"
            or "capacity" or "quantity_on_hand" or "reorder_level" or "value" or "score" or "mileage" or "distance_km" or "cost" or "rating"
            or "fiscal_year" or "planned_amount" or "actual_amount" or "spend";

    private static string Value(string column, int seed)
    {
        if (IsNumber(column))
            return (seed * 37 % 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = column switch
        {
            _ when column.Contains("city", StringComparison.Ordinal) => Cities[seed % Cities.Length],
            _ when column.Contains("country", StringComparison.Ordinal) => Countries[seed % Countries.Length],
            _ when column.Contains("name", StringComparison.Ordinal) => Names[seed % Names.Length],
            _ when column.Contains("date", StringComparison.Ordinal) || column.EndsWith("_at", StringComparison.Ordinal) => $"2024-{seed % 12 + 1:00}-{seed % 28 + 1:00}",
            _ => Words[seed % Words.Length],
        };
        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
