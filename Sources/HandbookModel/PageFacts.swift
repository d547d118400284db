import Foundation

/// What the build knows about a page's source file beyond its text: when it last changed, who
/// owns it, and where it lives in the repository (for "Edit this page").
public struct PageFacts: Sendable, Equatable {
    /// When the page last changed, in seconds since 1970 (UTC): front matter `updated:`, else the
    /// date of the file's last Git commit; never later than SOURCE_DATE_EPOCH when that is set.
    public var updated: Int?
    /// Who owns the page: front matter `owner:`, else the last matching CODEOWNERS rule.
    public var owners: [String]
    /// The source file's path from the repository's root (`Content/roles/tpm.md`); nil for a
    /// page the build made up (a folder without `_index.md`).
    public var repositoryPath: String?

    /// Creates facts.
    public init(updated: Int? = nil, owners: [String] = [], repositoryPath: String? = nil) {
        self.updated = updated
        self.owners = owners
        self.repositoryPath = repositoryPath
    }
}

/// Calendar dates and timestamps in UTC, written the one way the site writes them, whatever the
/// machine's time zone or locale: builds must give the same bytes everywhere.
public enum UTCDate {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Midnight UTC of a `YYYY-MM-DD` date, in seconds since 1970; nil when it is not such a date.
    public static func seconds(ofDay text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return nil }
        return Int(date.timeIntervalSince1970)
    }

    /// `YYYY-MM-DD`, the day a timestamp falls on in UTC.
    public static func day(_ seconds: Int) -> String {
        let parts = components(seconds)
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
    }

    /// An RFC 3339 timestamp in UTC (`2026-11-30T09:15:00Z`), as Atom wants it.
    public static func timestamp(_ seconds: Int) -> String {
        let parts = components(seconds)
        return day(seconds) + "T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))Z"
    }

    private static func components(_ seconds: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
