namespace NlQuery.Text;

/// <summary>The segmentation algorithm a model was trained for (<c>TrainerSpec.ModelType</c>).</summary>
public enum SentencePieceModelType
{
    Unigram = 1,
    Bpe = 2,
    Word = 3,
    Char = 4,
}
