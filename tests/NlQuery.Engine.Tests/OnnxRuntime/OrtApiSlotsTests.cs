using System.Reflection;
using NlQuery.OnnxRuntime.Native;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OrtApiSlotsTests
{
    /// <summary>Every slot the binding calls must carry the index the C API header gives that name.</summary>
    [SharedDataFact]
    public void EverySlotMatchesTheMeasuredSlotList()
    {
        var measured = File.ReadLines(SharedData.Combine("reference", "onnxruntime-c-api-slots.txt"))
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[1].Trim(), parts => int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        var slots = typeof(OrtApiSlots).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => f.IsLiteral).ToList();

        Assert.NotEmpty(slots);
        foreach (var slot in slots)
        {
            Assert.True(measured.TryGetValue(slot.Name, out var index), $"{slot.Name} is not a C API function name");
            Assert.Equal((slot.Name, index), (slot.Name, (int)slot.GetRawConstantValue()!));
        }
    }

    /// <summary>Every function pointer the binding declares has a slot, so none is left null.</summary>
    [Fact]
    public void EveryFunctionPointerHasASlot()
    {
        var slotNames = typeof(OrtApiSlots).GetFields(BindingFlags.Static | BindingFlags.NonPublic).Select(f => f.Name).ToHashSet();
        var pointers = typeof(OrtApi).GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(f => f.FieldType.IsFunctionPointer || f.FieldType.IsUnmanagedFunctionPointer).Select(f => f.Name).ToList();

        Assert.NotEmpty(pointers);
        Assert.Empty(pointers.Except(slotNames));
    }
}
