namespace NlQuery.Models.Pointer;

/// <summary>
/// What the spacing of the next action depends on (docs/pointer-model.md, "Spacing"): whether anything was written,
/// whether the last text was a dot, whether a string literal is open and whether its last piece was a copied word.
/// </summary>
public readonly record struct ActionRenderState(bool Started, bool AfterDot, bool InLiteral, bool AfterCopy);
