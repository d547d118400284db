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

    /// An error at a location.
    public static func error(_ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    /// An error of the environment (unreadable or unwritable path, full disk): exit code 2.
    public static func environment(_ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint, isEnvironment: true)
    }

    /// A warning at a location.
    public static func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint)
    }

    /// `path:line:col: error: message`, then the hint on its own line.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// Diagnostics collected across a build; the build stops before writing if any is an error.
public struct Diagnostics: Sendable {
    /// Everything reported so far, in the order reported.
    public private(set) var all: [Diagnostic] = []

    /// An empty collection.
    public init() {}

    /// Adds one.
    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    /// Adds several.
    public mutating func append(contentsOf diagnostics: [Diagnostic]) { all.append(contentsOf: diagnostics) }

    /// Adds an error.
    public mutating func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        all.append(.error(location, message, hint: hint))
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by file, line and column, duplicates removed: stable output whatever the thread order.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted { ($0.location, $0.message) < ($1.location, $1.message) }.filter { seen.insert($0).inserted }
    }
}
