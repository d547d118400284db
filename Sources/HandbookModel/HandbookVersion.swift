/// The version of handbook, printed by `handbook --version` and written into every page's
/// `<meta name="generator">`.
public enum HandbookVersion {
    /// Semantic version of this release.
    public static let current = "0.4.0"
}
