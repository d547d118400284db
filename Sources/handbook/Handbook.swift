import ArgumentParser
import Foundation
import HandbookBuild

#if canImport(CMimalloc)
    import CMimalloc
#endif

/// The `handbook` command: turns Content/ into a static site.
@main
struct Handbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handbook",
        abstract: "Builds a static, searchable handbook from Markdown with YAML front matter.",
        subcommands: [Build.self],
        defaultSubcommand: Build.self)
}

/// `handbook build`: one build, diagnostics like a compiler, exit 1 on any error.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build Content/ into Output/.")

    @Option(help: "The folder that holds Content/ (and optionally Themes/).")
    var root: String = "."

    @Option(help: "Where to write the site (default: ROOT/Output).")
    var output: String?

    @Flag(help: "Include pages marked `draft: true`.")
    var drafts = false

    @Flag(help: "Print the time of each build step.")
    var verbose = false

    func run() throws {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        let options = BuildOptions(
            root: rootURL, output: output.map { URL(fileURLWithPath: $0).standardizedFileURL }, includeDrafts: drafts)
        let report = SiteBuilder.build(options)
        for diagnostic in report.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        if verbose {
            print("  allocator    \(Self.allocator)")
            for step in report.steps {
                print(String(format: "  %-12@ %8.1f ms", step.name as NSString, step.seconds * 1000))
            }
        }
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.count - errors
        let time = String(format: "%.2f s", report.seconds)
        if report.succeeded {
            let notes = warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""
            print("Built \(report.pages) pages (\(report.files) files) into \(options.output.path) in \(time)\(notes)")
        } else {
            print("Build failed with \(errors) error\(errors == 1 ? "" : "s") in \(time); \(options.output.path) was not changed")
            throw ExitCode(report.exitCode)
        }
    }

    /// Which malloc serves the process, for --verbose.
    static var allocator: String {
        #if canImport(CMimalloc)
            let version = Int(mi_version())
            return "mimalloc \(version / 100).\(version % 100 / 10).\(version % 10)"
        #else
            return "system malloc"
        #endif
    }
}
