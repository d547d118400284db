/// A place in a source file, for diagnostics.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Path as the user should see it, e.g. `Content/roles/tpm.md`.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable, Codable {
    case warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
}

/// One problem found in the input, printed like a compiler's.
public struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// Error or warning.
    public var severity: Severity
    /// What is wrong.
    public var message: String
    /// How to fix it, where a sentence helps.
    public var hint: String?
    /// The environment failed (a file could not be read or written, the disk is full, the
    /// output folder is unsafe), not the content: the command exits 2 instead of 1.
    public var isEnvironment: Bool
    /// The name of the check that found it (`broken-link`, `raw-html`, ...), shown to users so
    /// they know what to configure; nil for problems that have no check of their own.
    public var check: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil, isEnvironment: Bool = false,
        check: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
        self.isEnvironment = isEnvironment
        self.check = check
    }

    /// An error at a location, found by `check` (see `Check`; configurable checks use
    /// `report`, which takes the level from the check).
    public static func error(_ location: SourceLocation, _ message: String, hint: String? = nil, check: Check? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint, check: check?.name)
    }

    /// An error of the environment (unreadable or unwritable path, full disk): exit code 2.
    public static func environment(_ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint, isEnvironment: true, check: Check.environment.name)
    }

    /// A warning at a location.
    public static func warning(_ location: SourceLocation, _ message: String, hint: String? = nil, check: Check? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint, check: check?.name)
    }

    /// `path:line:col: error: message [check]`, then the hint on its own line.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let check { text += " [\(check)]" }
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// Diagnostics collected across a build; the build stops before writing if any is an error.
public struct Diagnostics: Sendable {
    /// Everything reported so far, in the order reported, at the levels site.yml set.
    public private(set) var all: [Diagnostic] = []
    /// Levels site.yml's `checks:` set, by check name; only configurable checks appear.
    public private(set) var levels: [String: CheckLevel] = [:]

    /// An empty collection.
    public init() {}

    /// Adds one, at the level site.yml set for its check; an ignored one is dropped.
    public mutating func append(_ diagnostic: Diagnostic) {
        if let leveled = Self.apply(levels, to: diagnostic) { all.append(leveled) }
    }

    /// Adds several.
    public mutating func append(contentsOf diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { append(diagnostic) }
    }

    /// Adds an error.
    public mutating func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        all.append(.error(location, message, hint: hint))
    }

    /// Sets the levels of configurable checks (site.yml's `checks:`), for the diagnostics
    /// already collected too: site.yml is read after the files that may have problems.
    public mutating func setLevels(_ levels: [String: CheckLevel]) {
        self.levels = levels.filter { Check.named($0.key)?.configurable == true }
        all = all.compactMap { Self.apply(self.levels, to: $0) }
    }

    private static func apply(_ levels: [String: CheckLevel], to diagnostic: Diagnostic) -> Diagnostic? {
        guard let name = diagnostic.check, let level = levels[name], !diagnostic.isEnvironment else { return diagnostic }
        var leveled = diagnostic
        switch level {
        case .ignore: return nil
        case .warning: leveled.severity = .warning
        case .error: leveled.severity = .error
        }
        return leveled
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by file, line and column, duplicates removed: stable output whatever the thread order.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted { ($0.location, $0.message) < ($1.location, $1.message) }.filter { seen.insert($0).inserted }
    }
}
