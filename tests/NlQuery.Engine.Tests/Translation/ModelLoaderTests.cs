using System.Text.Json.Nodes;
using NlQuery.Models.Pointer;
using NlQuery.Tests.Models.Pointer;
using NlQuery.Translation;

namespace NlQuery.Tests.Translation;

public sealed class ModelLoaderTests
{
    [Fact]
    public void APointerFolderLoadsAsPointerSqlModel()
    {
        using var model = ModelLoader.Load(PointerSqlModelTests.Folder);
        Assert.IsType<PointerSqlModel>(model);
        Assert.Equal("pointer-minilm", model.Format);
    }

    [Fact]
    public void AnExportedT5FolderLoadsAsT5()
    {
        using var model = ModelLoader.Load(T5TranslatorTests.Folder);
        Assert.IsType<T5Translator>(model);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("t5")]
    public void AT5FolderWithoutFormatOrNamedT5LoadsAsT5(string? format)
    {
        var copy = Path.Combine(Path.GetTempPath(), "nlq-t5-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        try
        {
            foreach (var file in Directory.GetFiles(T5TranslatorTests.Folder))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var path = Path.Combine(copy, "model.json");
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            json.Remove("format");
            if (format is not null)
                json["format"] = format;
            File.WriteAllText(path, json.ToJsonString());
            using var model = ModelLoader.Load(copy);
            Assert.IsType<T5Translator>(model);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void AnUnknownFormatIsNamed()
    {
        var copy = PointerSqlModelTests.CopyFixture();
        try
        {
            var path = Path.Combine(copy, "model.json");
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            json["format"] = "gpt-banana";
            File.WriteAllText(path, json.ToJsonString());
            var e = Assert.Throws<InvalidDataException>(() => ModelLoader.Load(copy));
            Assert.Contains("'gpt-banana'", e.Message);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void MissingFolderAndModelJsonAreClearErrors()
    {
        Assert.Throws<DirectoryNotFoundException>(() => ModelLoader.Load("/no/such/model/folder"));
        var empty = Path.Combine(Path.GetTempPath(), "nlq-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => ModelLoader.Load(empty));
            Assert.EndsWith("model.json", e.FileName);
            File.WriteAllText(Path.Combine(empty, "model.json"), "{ not json");
            Assert.Throws<InvalidDataException>(() => ModelLoader.Load(empty));
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }
}
