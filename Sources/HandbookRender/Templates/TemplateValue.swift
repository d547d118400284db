/// A value a template can show. Page contexts are built as these directly (literals work), so
/// rendering looks values up by switching on an enum, with no dynamic casts or conversion.
public indirect enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case array([TemplateValue])
    case object([String: TemplateValue])

    /// The value of a key, for objects.
    subscript(key: String) -> TemplateValue? {
        if case .object(let values) = self { return values[key] }
        return nil
    }

    /// Whether a section shows: false, empty text and empty lists do not.
    var isTruthy: Bool {
        switch self {
        case .bool(let flag): return flag
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        default: return true
        }
    }

    /// The text a variable tag inserts.
    var text: String {
        switch self {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .array, .object: return ""
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
