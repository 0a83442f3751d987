using NlQuery.Schema;

namespace NlQuery.Cli.Fuzzing;

/// <summary>
/// Seeds for <c>nlq sql fuzz</c> when no Spider gold file is given: a small concert database and queries over it in
/// the style of Spider's gold SQL, plus the wider grammar NlQuery accepts (joins, CASE, CAST, set operations, WITH).
/// </summary>
internal static class BuiltInFuzzSeeds
{
    public static DatabaseSchema Schema { get; } = new("concerts",
    [
        new Table("stadium", [new Column("stadium_id", "int", true), new Column("name", "text"), new Column("location", "text"), new Column("capacity", "int")]),
        new Table("singer", [new Column("singer_id", "int", true), new Column("name", "text"), new Column("country", "text"), new Column("age", "int"), new Column("is_male", "bool")]),
        new Table("concert", [new Column("concert_id", "int", true), new Column("concert_name", "text"), new Column("stadium_id", "int"), new Column("year", "text")]),
        new Table("singer_in_concert", [new Column("concert_id", "int", true), new Column("singer_id", "int", true)]),
        new Table("Ticket Sales", [new Column("concert_id", "int"), new Column("Sold Count", "int"), new Column("select", "text")]),
    ]);

    public static IReadOnlyList<string> Queries { get; } =
    [
        "SELECT count(*) FROM singer",
        "SELECT name , country , age FROM singer ORDER BY age DESC",
        "SELECT avg(age) , min(age) , max(age) FROM singer WHERE country = 'France'",
        "SELECT DISTINCT country FROM singer WHERE age > 20",
        "SELECT country , count(*) FROM singer GROUP BY country HAVING count(*) > 1",
        "SELECT T2.name , count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id GROUP BY T1.stadium_id",
        "SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id JOIN concert AS T3 ON T2.concert_id = T3.concert_id WHERE T3.year = 2014",
        "SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT stadium_id FROM concert)",
        "SELECT name FROM singer WHERE age > (SELECT avg(age) FROM singer)",
        "SELECT country FROM singer WHERE age > 40 INTERSECT SELECT country FROM singer WHERE age < 30",
        "SELECT name FROM stadium EXCEPT SELECT T2.name FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id",
        "SELECT year FROM concert UNION SELECT year FROM concert WHERE stadium_id = 1",
        "SELECT name , capacity FROM stadium ORDER BY capacity DESC LIMIT 1",
        "SELECT name FROM singer WHERE name LIKE '%Hey%' OR country = \"UK\"",
        "SELECT location FROM stadium WHERE capacity BETWEEN 5000 AND 10000",
        "SELECT s.name, c.concert_name FROM singer s LEFT JOIN singer_in_concert sic ON s.singer_id = sic.singer_id LEFT JOIN concert c ON c.concert_id = sic.concert_id",
        "SELECT name FROM singer WHERE country IS NOT NULL AND age IS NULL",
        "SELECT name, CASE WHEN age < 30 THEN 'young' ELSE 'old' END AS band FROM singer",
        "SELECT CAST(capacity AS real) / 1000 FROM stadium",
        "SELECT lower(name), upper(country), length(name), substr(name, 1, 3), abs(age), round(age / 3.0, 2) FROM singer",
        "SELECT coalesce(country, 'unknown'), ifnull(age, 0) FROM singer",
        "SELECT strftime('%Y', year), date('now') FROM concert",
        "SELECT name FROM singer ORDER BY age LIMIT 5 OFFSET 10",
        "SELECT \"Sold Count\" FROM \"Ticket Sales\" WHERE \"select\" = 'x'",
        "SELECT name FROM stadium AS st WHERE EXISTS (SELECT 1 FROM concert AS c WHERE c.stadium_id = st.stadium_id)",
        "SELECT t.n FROM (SELECT name AS n, age FROM singer WHERE age > 18) AS t ORDER BY t.n",
        "WITH old AS (SELECT singer_id FROM singer WHERE age > 60) SELECT count(*) FROM old",
        "SELECT a.name FROM singer AS a CROSS JOIN stadium AS b WHERE a.age = b.capacity",
        "SELECT count(DISTINCT country) FROM singer",
        "SELECT max(capacity) , avg(capacity) FROM stadium WHERE stadium_id IN (SELECT stadium_id FROM concert WHERE year > 2013)",
    ];

    public static IReadOnlyList<FuzzSeed> Seeds { get; } = Queries.Select(q => new FuzzSeed(q, Schema)).ToList();
}
