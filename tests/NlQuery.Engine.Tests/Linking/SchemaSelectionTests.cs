using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Tests.Linking;

public sealed class SchemaSelectionTests
{
    private static DatabaseSchema Schema() => new("shop",
    [
        new Table("Customer", [new Column("id", "int", true), new Column("Name", "text")]),
        new Table("orders", [new Column("id", "int", true), new Column("customer_id", "int")]),
        new Table("big_orders", [new Column("id", "int")], isView: true),
    ]);

    [Fact]
    public void AllKeepsTablesAndColumnsInSchemaOrderWithoutViews()
    {
        var schema = Schema();
        Assert.Equal(["Customer", "orders"], SchemaSelection.All(schema).Tables.Select(t => t.Table.Name));
        Assert.Equal(["Customer", "orders", "big_orders"], SchemaSelection.All(schema, includeViews: true).Tables.Select(t => t.Table.Name));
    }

    [Fact]
    public void OfKeepsTheGivenOrder()
    {
        var selection = SchemaSelection.Of(Schema(), "orders", "CUSTOMER");
        Assert.Equal(["orders", "Customer"], selection.Tables.Select(t => t.Table.Name));
    }

    [Fact]
    public void BadSelectionsAreRejectedWithTheirNames()
    {
        var schema = Schema();
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => SchemaSelection.Of(schema, "nope")).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => SchemaSelection.Of(schema, "orders", "orders")).Message);
        var customer = schema.FindTable("Customer")!;
        var orders = schema.FindTable("orders")!;
        Assert.Contains("does not belong", Assert.Throws<ArgumentException>(() =>
            new SchemaSelection(schema, [new SelectedTable(customer, [orders.Columns[0]])])).Message);
        var other = Schema();
        Assert.Contains("not part of schema", Assert.Throws<ArgumentException>(() =>
            new SchemaSelection(schema, [new SelectedTable(other.Tables[0], other.Tables[0].Columns)])).Message);
    }
}
