/// A value a template can show: what page contexts are converted to once per render, so
/// lookups are switches on an enum rather than dynamic casts of `Any`.
public indirect enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case array([TemplateValue])
    case object([String: TemplateValue])

    /// Converts the plain Swift values page contexts are built from.
    public init(_ any: Any) {
        switch any {
        case let value as TemplateValue: self = value
        case let value as String: self = .string(value)
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        case let value as Double: self = .double(value)
        case let value as [String: Any]: self = .object(value.mapValues(TemplateValue.init))
        case let value as [Any]: self = .array(value.map(TemplateValue.init))
        default: self = .string(String(describing: any))
        }
    }

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
