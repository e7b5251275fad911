import BrineTesting
import JobCache
import MessagePack
import Testing

/// `jobs.list_jobs search_function=` and `search_target=` against Python's `fnmatch` (the glob
/// vectors in PythonRulesTests' Fixtures): one job per name, run as that function on that target.
@Suite struct JobFilterGlobTests {
    let cases: [PythonVectors.GlobCase]
    let cache: JobCache

    init() throws {
        cases = try PythonVectors.globCases()
        cache = try JobCache(path: JobCache.path(cachedir: try TemporaryDirectory.make("jobfilter")))
        let names = Set(cases.map(\.name)).sorted()
        try cache.apply(names.enumerated().map { index, name in
            .job(JobRecord(jid: "20260101000000" + String(100_000 + index), function: .text(name), arguments: [], target: .text(name),
                           targetType: "glob", user: "root", startedAt: Double(1_000 + index), minions: ["m1"]))
        })
    }

    @Test func searchFunctionFiltersLikeFnmatch() throws {
        for pattern in Set(cases.map(\.pattern)) {
            var filter = JobFilter()
            filter.functions = [pattern]
            #expect(Set(try cache.jobs(filter).compactMap(\.job.function.stringValue)) == expected(pattern),
                    "search_function=\(pattern.debugDescription)")
        }
    }

    @Test func searchTargetFiltersLikeFnmatch() throws {
        for pattern in Set(cases.map(\.pattern)) {
            var filter = JobFilter()
            filter.targets = [pattern]
            #expect(Set(try cache.jobs(filter).compactMap(\.job.target.stringValue)) == expected(pattern),
                    "search_target=\(pattern.debugDescription)")
        }
    }

    /// Several patterns are alternatives, whether SQL can narrow by all of them or not, and a limit
    /// keeps the newest of the jobs that match.
    @Test func patternsCombineAndLimitKeepsTheNewest() throws {
        var filter = JobFilter()
        for patterns in [["sys.*", "[!a-c]x"], ["sys.*", "web[!0-9]*"], ["cmd.run*", "test.p?ng"]] {
            filter.functions = patterns
            let either = expected(patterns[0]).union(expected(patterns[1]))
            #expect(Set(try cache.jobs(filter).compactMap(\.job.function.stringValue)) == either, "\(patterns)")
        }
        filter.functions = ["sys.list_*", "cmd.run*"]
        filter.limit = 2
        let newest = try cache.jobs(filter).compactMap(\.job.function.stringValue)
        #expect(newest == ["sys.list_functions", "sys.list_modules"])
        filter.functions = ["sys.list_[!m]*", "cmd.run*"]
        #expect(try cache.jobs(filter).compactMap(\.job.function.stringValue) == ["cmd.run_all", "sys.list_functions"])
    }

    private func expected(_ pattern: String) -> Set<String> {
        Set(cases.filter { $0.pattern == pattern && $0.matches }.map(\.name))
    }
}
