using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NlQuery.SqlServer.Internal
{
    /// <summary>
    /// A small JSON reader and writer for the service's fixed request and answer shapes. Hand-written because SQL
    /// Server loads only its supported framework assemblies into SQLCLR: System.Text.Json (and Newtonsoft.Json) would
    /// have to be installed as UNSAFE assemblies with their dependencies. Values read: objects as
    /// <see cref="Dictionary{TKey,TValue}"/>, arrays as <see cref="List{T}"/>, strings, <see cref="long"/> for integers
    /// that fit, <see cref="double"/> for other numbers, <see cref="bool"/>, and null.
    /// </summary>
    internal sealed class Json
    {
        // Deep enough for any answer the service sends; bounds the recursion on a hostile or broken document.
        private const int MaxDepth = 64;

        private readonly string _text;
        private int _position;

        private Json(string text) => _text = text;

        /// <summary>Parses one JSON document; <see cref="FormatException"/> says what is wrong and where.</summary>
        public static object? Parse(string text)
        {
            var reader = new Json(text ?? throw new ArgumentNullException(nameof(text)));
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._position != text.Length)
                throw reader.Error("unexpected text after the JSON value");
            return value;
        }

        /// <summary>A JSON string literal, quotes included.</summary>
        public static string Quote(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            builder.Append(c);
                        break;
                }
            }
            return builder.Append('"').ToString();
        }

        private object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
                throw Error($"nested deeper than {MaxDepth} levels");
            if (_position >= _text.Length)
                throw Error("the document ends where a value should be");
            switch (_text[_position])
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"': return ReadString();
                case 't': return ReadWord("true", true);
                case 'f': return ReadWord("false", false);
                case 'n': return ReadWord("null", null);
                default:
                    if (_text[_position] == '-' || char.IsDigit(_text[_position]))
                        return ReadNumber();
                    throw Error($"unexpected character '{_text[_position]}'");
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _position++;
            SkipWhitespace();
            if (TryTake('}'))
                return result;
            while (true)
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != '"')
                    throw Error("expected a property name in quotes");
                var name = ReadString();
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                // A repeated name keeps the last value, as most JSON readers do.
                result[name] = ReadValue(depth + 1);
                SkipWhitespace();
                if (TryTake('}'))
                    return result;
                Expect(',');
            }
        }

        private List<object?> ReadArray(int depth)
        {
            var result = new List<object?>();
            _position++;
            SkipWhitespace();
            if (TryTake(']'))
                return result;
            while (true)
            {
                SkipWhitespace();
                result.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (TryTake(']'))
                    return result;
                Expect(',');
            }
        }

        private string ReadString()
        {
            _position++; // the opening quote
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= _text.Length)
                    throw Error("a string is not closed");
                var c = _text[_position];
                if (c < ' ')
                    throw Error("a control character inside a string must be escaped");
                _position++;
                if (c == '"')
                    return builder.ToString();
                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }
                if (_position >= _text.Length)
                    throw Error("a string ends inside an escape");
                var escape = _text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length
                            || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            throw Error("\\u must be followed by four hex digits");
                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Error($"unknown escape '\\{escape}'");
                }
            }
        }

        private object ReadNumber()
        {
            var start = _position;
            if (_text[_position] == '-')
                _position++;
            var integer = true;
            while (_position < _text.Length && (char.IsDigit(_text[_position]) || "+-.eE".IndexOf(_text[_position]) >= 0))
            {
                if (!char.IsDigit(_text[_position]))
                    integer = false;
                _position++;
            }
            var token = _text.Substring(start, _position - start);
            if (integer && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                return whole;
            // Integers beyond long, fractions and exponents: double, which is what SQL Server's float holds.
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real))
                return real;
            _position = start;
            throw Error($"'{token}' is not a number");
        }

        private object? ReadWord(string word, object? value)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
                throw Error($"unexpected character '{_text[_position]}'");
            _position += word.Length;
            return value;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && (_text[_position] == ' ' || _text[_position] == '\t' || _text[_position] == '\n' || _text[_position] == '\r'))
                _position++;
        }

        private bool TryTake(char c)
        {
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
                throw Error(_position < _text.Length ? $"expected '{c}' but found '{_text[_position]}'" : $"expected '{c}' but the document ends");
        }

        private FormatException Error(string what) => new FormatException($"{what} at character {_position + 1}");
    }
}
