/// An entry of a collection: which collection, and the id (file name without `.md`).
public struct EntryRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var collection: String
    public var id: String

    /// Creates a reference.
    public init(collection: String, id: String) {
        self.collection = collection
        self.id = id
    }

    public var description: String { "\(collection)/\(id)" }
    public static func < (lhs: EntryRef, rhs: EntryRef) -> Bool { (lhs.collection, lhs.id) < (rhs.collection, rhs.id) }
}

/// A track of a flow: a named, ordered list of steps.
public struct FlowTrack: Sendable {
    public var name: String
    public var steps: [Located<EntryRef>]

    /// Creates a track.
    public init(name: String, steps: [Located<EntryRef>]) {
        self.name = name
        self.steps = steps
    }
}

/// A checked value of a typed field.
public indirect enum FieldValue: Sendable {
    case string(String)
    /// Markdown, with the file line it starts on.
    case text(String, location: SourceLocation)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case date(String)
    case enumeration(String)
    case list([FieldValue])
    case reference(EntryRef)
    case object([(key: String, value: FieldValue)])
    case flow([FlowTrack])

    /// Every entry this value refers to, flows included.
    public var references: [EntryRef] {
        switch self {
        case .reference(let ref): return [ref]
        case .list(let items): return items.flatMap(\.references)
        case .object(let pairs): return pairs.flatMap(\.value.references)
        case .flow(let tracks): return tracks.flatMap { $0.steps.map(\.value) }
        default: return []
        }
    }
}
