/// A page that refers to an entry through one of its fields.
public struct Backlink: Sendable, Hashable {
    /// The referring page.
    public var source: PageID
    /// The referring page's collection, nil for a plain page.
    public var collection: String?
    /// The field's label, e.g. "Skills".
    public var field: String
}

/// A comparison table after its collection, entries and aspects were checked.
public struct ResolvedComparison: Sendable {
    public var caption: String
    public var collection: String
    public var entries: [EntryRef]
    public var aspects: [FieldSpec]

    /// Creates a checked comparison.
    public init(caption: String, collection: String, entries: [EntryRef], aspects: [FieldSpec]) {
        self.caption = caption
        self.collection = collection
        self.entries = entries
        self.aspects = aspects
    }
}

/// Everything a build knows about the site before it renders: pages, sections, order,
/// collections, references both ways and comparisons.
public struct Site: Sendable {
    public var config: SiteConfig
    public var pages: [PageID: Page]
    public var sections: [String: Section]
    /// Every page once, in the order a reader would go through them.
    public var readingOrder: [PageID] {
        didSet { readingPosition = Dictionary(uniqueKeysWithValues: readingOrder.enumerated().map { ($1, $0) }) }
    }
    /// Each page's index in `readingOrder`, for previous/next links without a search.
    public private(set) var readingPosition: [PageID: Int] = [:]
    /// Entry id to page.
    public var entries: [EntryRef: PageID]
    /// Entry to the pages that refer to it, in reading order.
    public var backlinks: [EntryRef: [Backlink]]
    /// Page to its comparison tables, in the order written.
    public var comparisons: [PageID: [ResolvedComparison]]
    /// Each page's date, owners and repository path, from the load step's reading of the
    /// repository (Git history, CODEOWNERS) and the front matter.
    public var facts: [PageID: PageFacts] = [:] {
        didSet { hasDates = facts.values.contains { $0.updated != nil } }
    }
    /// Whether any page has a date: then the site has a feed.
    public private(set) var hasDates = false

    /// The page of an entry.
    public func page(for ref: EntryRef) -> Page? { entries[ref].flatMap { pages[$0] } }

    /// The chain of sections from the root down to a section.
    public func ancestry(of section: String) -> [Section] {
        var chain: [Section] = []
        var current: String? = section
        while let id = current, let found = sections[id] {
            chain.insert(found, at: 0)
            current = found.parent
        }
        return chain
    }
}
