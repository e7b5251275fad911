import BrineCore
import BrineTesting
import Foundation
import Synchronization
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The conformance suite: every command line of `ConformanceTable` runs against a stock salt-master
/// with two stock salt-minions and against brine-master with two brine-minions (same ids, keys, grains),
/// and the two answers (stdout, stderr, exit status) must be the same once run-to-run values are
/// normalised, unless the difference is one kept on purpose and listed in the README.
final class ConformanceTests: XCTestCase {
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    enum Outcome {
        case same
        case kept([KeptDifference])
        case different(String)
    }

    func testCommandLinesAgainstStockSalt() throws {
        let started = Date()
        let keys = try ConformanceFleet.makeKeys()
        let salt = try ConformanceFleet(.salt, keys: keys)
        defer { salt.stop() }
        let brine = try ConformanceFleet(.brine, keys: keys)
        defer { brine.stop() }
        let ready = Date()

        let saltAddress = try salt.address()
        let brineAddress = try brine.address()
        var jids: [LoopbackMasterKind: [String: String]] = [.salt: [:], .brine: [:]]
        var outcomes: [(ConformanceCase, Outcome)] = []
        for (index, step) in ConformanceTable.steps.enumerated() {
            switch step {
            case .stopMinion(let id):
                salt.cluster.stopMinion(id)
                brine.cluster.stopMinion(id)
            case .freezeMinion(let id):
                for fleet in [salt, brine] { if let pid = fleet.cluster.minions[id]?.pid { kill(pid, SIGSTOP) } }
            case .thawMinion(let id):
                for fleet in [salt, brine] { if let pid = fleet.cluster.minions[id]?.pid { kill(pid, SIGCONT) } }
            case .run(let testCase):
                let lineStarted = Date()
                let (saltRun, brineRun) = try runBoth(testCase, salt: saltAddress, brine: brineAddress, jids: jids)
                let seconds = Date().timeIntervalSince(lineStarted)
                if seconds > 4 { print("conformance: #\(index) \(testCase.title) took \(Int(seconds)) s") }
                for (kind, run) in [(LoopbackMasterKind.salt, saltRun), (.brine, brineRun)] {
                    if let name = testCase.savedJID, let jid = Self.jid(in: run.stdout) { jids[kind]?[name] = jid }
                }
                let outcome = compare(testCase, salt: saltRun, brine: brineRun, saltRoot: salt.cluster.root, brineRoot: brine.cluster.root)
                if case .different(let why) = outcome { print("conformance: #\(index) \(testCase.title) differs:\n\(why)") }
                outcomes.append((testCase, outcome))
            }
        }

        let differing = outcomes.filter { if case .different = $0.1 { true } else { false } }
        let kept = outcomes.compactMap { if case .kept(let reasons) = $0.1 { ($0.0, reasons) } else { nil } }
        var byReason: [String: Int] = [:]
        for (_, reasons) in kept { for reason in reasons { byReason[reason.name, default: 0] += 1 } }
        let reasons = byReason.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print("""
            conformance: \(outcomes.count) command lines compared against Salt 3008.5: \(outcomes.count - kept.count - differing.count) \
            the same, \(kept.count) differences kept on purpose (\(reasons)), \(differing.count) unexplained; \
            fleets ready in \(Int(ready.timeIntervalSince(started))) s, lines run in \(Int(Date().timeIntervalSince(ready))) s
            """)
        for (testCase, reasons) in kept { print("conformance: kept \(reasons.map(\.name).joined(separator: ", ")): \(testCase.title)") }
        XCTAssertGreaterThanOrEqual(outcomes.count, 150)
        XCTAssertTrue(differing.isEmpty, "command lines whose answers differ from Salt's: \(differing.map(\.0.title))")

        let readme = try String(contentsOfFile: PackageRootPath.path + "/README.md", encoding: .utf8)
        for difference in KeptDifference.all {
            XCTAssertTrue(readme.contains(difference.readme), "the README does not list the kept difference '\(difference.name)': \(difference.readme)")
        }
    }

    /// Both sides of a line at once: their waits (timeouts) overlap.
    private func runBoth(
        _ testCase: ConformanceCase, salt: ConformanceFleet.Address, brine: ConformanceFleet.Address, jids: [LoopbackMasterKind: [String: String]]
    ) throws -> (Run, Run) {
        let brineResult = LockedRun()
        let done = DispatchSemaphore(value: 0)
        let brineJIDs = jids[.brine] ?? [:]
        DispatchQueue.global().async {
            brineResult.set(Result { try Self.execute(testCase, on: brine, jids: brineJIDs) })
            done.signal()
        }
        let saltRun = try Self.execute(testCase, on: salt, jids: jids[.salt] ?? [:])
        done.wait()
        return (saltRun, try brineResult.get())
    }

    private static func execute(_ testCase: ConformanceCase, on fleet: ConformanceFleet.Address, jids: [String: String]) throws -> Run {
        let line = substitute(testCase.line, root: fleet.root, jids: jids)
        var request = ProcessRunner.Request([fleet.programs[testCase.tool]!] + ShellWords.split(line))
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = nil
        environment[fleet.kind == .salt ? "SALT_CONFIG_DIR" : "BRINE_CONFIG_DIR"] = fleet.configDir(for: testCase.tool)
        request.environment = environment
        request.stdin = testCase.stdin.map { Array($0.utf8) }
        request.timeout = 90
        let result = try ProcessRunner.run(request)
        var stdout = result.stdout
        if let file = testCase.file {
            let path = substitute(file, root: fleet.root, jids: jids)
            stdout += "--- \(file) ---\n" + ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "(no file)\n")
        }
        return Run(status: result.status, stdout: stdout, stderr: result.stderr)
    }

    private static func substitute(_ line: String, root: String, jids: [String: String]) -> String {
        var out = line.replacingOccurrences(of: "{root}", with: root)
        for (name, jid) in jids { out = out.replacingOccurrences(of: "{jid:\(name)}", with: jid) }
        return out
    }

    private static func jid(in text: String) -> String? {
        guard let range = text.range(of: #"\b20\d{18}\b"#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    private func compare(_ testCase: ConformanceCase, salt: Run, brine: Run, saltRoot: String, brineRoot: String) -> Outcome {
        var left = Run(status: salt.status, stdout: Normalization.normalize(salt.stdout, root: saltRoot, brine: false),
                       stderr: Normalization.normalize(salt.stderr, root: saltRoot, brine: false))
        var right = Run(status: brine.status, stdout: Normalization.normalize(brine.stdout, root: brineRoot, brine: true),
                        stderr: Normalization.normalize(brine.stderr, root: brineRoot, brine: true))
        if testCase.anyOrder {
            for run in [\Run.stdout, \Run.stderr] {
                left[keyPath: run] = Normalization.unordered(left[keyPath: run])
                right[keyPath: run] = Normalization.unordered(right[keyPath: run])
            }
        }
        if let (difference, parts) = testCase.kept {
            let mismatched = Self.mismatches(left, right, parts: parts)
            return mismatched.isEmpty ? .kept([difference]) : .different(Self.describe(left, right, mismatched))
        }
        let all: Set<ConformanceCase.Part> = [.status, .stdout, .stderr]
        if Self.mismatches(left, right, parts: all).isEmpty { return .same }
        var applied: [KeptDifference] = []
        for difference in KeptDifference.all {
            guard let normalize = difference.normalize else { continue }
            let (newLeft, newRight) = (Self.apply(normalize, left), Self.apply(normalize, right))
            if newLeft.stdout != left.stdout || newLeft.stderr != left.stderr || newRight.stdout != right.stdout || newRight.stderr != right.stderr {
                applied.append(difference)
                (left, right) = (newLeft, newRight)
            }
        }
        let mismatched = Self.mismatches(left, right, parts: all)
        if mismatched.isEmpty && !applied.isEmpty { return .kept(applied) }
        return .different(Self.describe(left, right, mismatched))
    }

    private static func apply(_ normalize: (String) -> String, _ run: Run) -> Run {
        Run(status: run.status, stdout: normalize(run.stdout), stderr: normalize(run.stderr))
    }

    private static func mismatches(_ left: Run, _ right: Run, parts: Set<ConformanceCase.Part>) -> [ConformanceCase.Part] {
        var out: [ConformanceCase.Part] = []
        if parts.contains(.status) && left.status != right.status { out.append(.status) }
        if parts.contains(.stdout) && left.stdout != right.stdout { out.append(.stdout) }
        if parts.contains(.stderr) && left.stderr != right.stderr { out.append(.stderr) }
        if parts.contains(.firstLine) && left.stdout.prefix(while: { $0 != "\n" }) != right.stdout.prefix(while: { $0 != "\n" }) {
            out.append(.firstLine)
        }
        return out
    }

    private static func describe(_ salt: Run, _ brine: Run, _ parts: [ConformanceCase.Part]) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .status: text += "  exit status: salt \(salt.status), brine \(brine.status)\n"
            case .stdout, .firstLine: text += "  stdout, salt:\n\(indent(salt.stdout))  stdout, brine:\n\(indent(brine.stdout))"
            case .stderr: text += "  stderr, salt:\n\(indent(salt.stderr))  stderr, brine:\n\(indent(brine.stderr))"
            }
        }
        return text
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    | " + $0 }.joined(separator: "\n") + "\n"
    }
}

typealias LoopbackMasterKind = LoopbackMaster.Kind

/// The brine side's result, handed from its thread.
final class LockedRun: Sendable {
    private let result = Mutex<Result<ConformanceTests.Run, any Error>?>(nil)

    func set(_ value: Result<ConformanceTests.Run, any Error>) {
        result.withLock { $0 = value }
    }

    func get() throws -> ConformanceTests.Run {
        try result.withLock { $0! }.get()
    }
}

/// The package's root, from this file's path (the README is read from there).
enum PackageRootPath {
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}
