import CCmarkGFM

extension MarkdownRenderer {
    /// The version of the cmark-gfm library loaded at run time (Debian's shared library, which
    /// an upgrade replaces under the same handbook binary): rendered Markdown kept between
    /// builds is only good for the library that made it.
    public static var libraryVersion: String { String(cString: cmark_version_string()) }
}
