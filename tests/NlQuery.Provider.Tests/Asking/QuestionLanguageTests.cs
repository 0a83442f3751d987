using System.Text.Json;

namespace NlQuery.Tests.Asking;

/// <summary>
/// <see cref="QuestionLanguage"/>: questions in ten other languages are refused before any model runs, and no English
/// question is, including every question of Spider, SParC and CoSQL and questions naming foreign people and places.
/// </summary>
public sealed class QuestionLanguageTests
{
    public static TheoryData<string> NotEnglish => new(
        // French
        "Combien de clients habitent à Paris ?",
        "Quels sont les produits les plus chers ?",
        "Donnez la liste des commandes passées en 2023.",
        "Quel est le nom du chanteur le plus âgé ?",
        "Affichez tous les employés qui travaillent dans le département des ventes.",
        // Spanish
        "¿Cuántos clientes hay en Madrid?",
        "¿Cuáles son los productos más caros?",
        "Muestra todos los pedidos del último mes.",
        "¿Qué cantantes tienen más de treinta años?",
        "Lista los nombres de los empleados con salario mayor que 5000.",
        // German
        "Wie viele Kunden gibt es in Berlin?",
        "Welche Produkte sind teurer als 100 Euro?",
        "Zeige alle Bestellungen von Kunden aus München.",
        "Wie heißt der älteste Sänger?",
        "Liste die Namen aller Mitarbeiter mit einem Gehalt über 5000.",
        // Italian
        "Quanti clienti ci sono a Roma?",
        "Quali sono i prodotti più costosi?",
        "Mostrami tutti gli ordini dell'ultimo mese.",
        "Qual è il nome del cantante più anziano?",
        "Elenca i dipendenti che lavorano nel reparto vendite.",
        // Portuguese
        "Quantos clientes existem em Lisboa?",
        "Quais são os produtos mais caros?",
        "Mostre todos os pedidos do último mês.",
        "Qual é o nome do cantor mais velho?",
        "Liste os funcionários que trabalham no departamento de vendas.",
        // Dutch
        "Hoeveel klanten zijn er in Amsterdam?",
        "Welke producten zijn duurder dan 100 euro?",
        "Toon alle bestellingen van klanten uit Rotterdam.",
        "Wat is de naam van de oudste zanger?",
        "Geef de namen van alle werknemers met een salaris boven 5000.",
        // Chinese
        "有多少客户住在北京？",
        "列出所有价格最高的产品。",
        "年龄最大的歌手叫什么名字？",
        "显示上个月的所有订单。",
        // Japanese
        "東京に住んでいる顧客は何人いますか？",
        "最も高い製品は何ですか？",
        "すべての注文を表示してください。",
        // Russian
        "Сколько клиентов живёт в Москве?",
        "Какие продукты самые дорогие?",
        "Покажите все заказы за последний месяц.",
        // Arabic
        "كم عدد العملاء في القاهرة؟",
        "ما هي المنتجات الأغلى ثمنا؟",
        "اعرض جميع الطلبات من الشهر الماضي.");

    public static TheoryData<string> EnglishNamingForeignThings => new(
        "Which singers are from France?",
        "List the clients named José",
        "How many customers live in São Paulo or Düsseldorf?",
        "Show the stores in San José del Monte.",
        "Find the hotel 'Le Petit Hotel de la Ville' and its rating.",
        "Which customers live in Baden-Württemberg or Nordrhein-Westfalen?",
        "What is the population of La Paz and Los Angeles?",
        "How many employees live in A Coruña, Málaga or Köln?",
        "List the restaurants on Rue de la Paix.",
        "Show all orders by Der Spiegel and Die Zeit.",
        "How many songs by Los Del Rio are there?",
        "Which clients named Müller, Dupont or Rossi have orders?",
        "How many singers named 王菲 are there?",
        "Find products whose name is \"Crème brûlée\".",
        "What is the average price per van?",
        "How many?");

    [Theory]
    [MemberData(nameof(NotEnglish))]
    public void OtherLanguagesAreRecognised(string question) => Assert.True(QuestionLanguage.LooksNotEnglish(question));

    [Theory]
    [MemberData(nameof(EnglishNamingForeignThings))]
    public void EnglishNamingForeignPeopleAndPlacesIsEnglish(string question) => Assert.False(QuestionLanguage.LooksNotEnglish(question));

    [SharedDataFact]
    public void NoQuestionOfSpiderSparcOrCosqlIsTakenForAnotherLanguage()
    {
        var questions = new List<string>();
        foreach (var file in new[] { "train_spider.json", "train_others.json", "dev.json" })
        {
            using var spider = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.SpiderDir, file)));
            questions.AddRange(spider.RootElement.EnumerateArray().Select(e => e.GetProperty("question").GetString()!));
        }
        foreach (var file in new[] { SharedData.Combine("data", "sparc", "dev.json"), SharedData.Combine("data", "cosql", "sql_state_tracking", "cosql_dev.json") })
        {
            using var conversations = JsonDocument.Parse(File.ReadAllText(file));
            questions.AddRange(conversations.RootElement.EnumerateArray()
                .SelectMany(c => c.GetProperty("interaction").EnumerateArray())
                .Select(turn => turn.GetProperty("utterance").GetString()!));
        }

        Assert.True(questions.Count > 11_000, $"only {questions.Count} questions were read");
        var flagged = questions.Where(QuestionLanguage.LooksNotEnglish).ToList();
        Assert.True(flagged.Count == 0, $"{flagged.Count} English questions taken for another language: {string.Join(" | ", flagged.Take(10))}");
    }
}
