import Foundation
import JamforServer
import JamforWire
import Testing

/// Who may do what (PROTOCOL.md 3.2, 6.9): each role against each action, refused handshakes and
/// their throttling.
@Suite(.timeLimit(.minutes(1)))
struct EndToEndAuthorizationTests {
    /// Admin, two members, a reader and anonymous access, each trying every action.
    @Test(arguments: [Login.admin, .kalmar, .enkoping, .reader, nil] as [Login?])
    func eachRoleMayDoWhatItsRoleAllows(_ login: Login?) async throws {
        try await withEndToEnd(allowsAnonymous: true) { stack in
            let own = login?.municipality ?? "0880"
            let other = own == "0880" ? "0381" : "0880"
            let maySubmit = login?.role == .admin || login?.role == .member
            let maySubmitOther = login?.role == .admin
            let seesEnkopingCuts = login == .admin || login == .enkoping
            try await stack.connect(as: login) { client in
                // Reading: the catalog, comparisons and exports.
                #expect(try await client.municipalities(network: "kkvh").count == 5)
                #expect(try await client.networks().count == 3)
                #expect(try await client.indicators().count == 14)
                let rank = try await client.rank(RankRequest(indicator: "hme", period: "2024", set: .network("kkvh")))
                #expect(rank.rows.count == 5)
                let compare = try await client.compare(
                    CompareRequest(
                        indicators: [WeightedIndicator(indicator: "hme"), WeightedIndicator(indicator: "nki")],
                        period: "2024",
                        set: .network("4m")
                    )
                )
                #expect(compare.rows.count == 4)
                let trend = try await client.trend(TrendRequest(indicator: "hme", municipalities: ["0381"], cut: "04"))
                #expect(
                    trend.periods == (seesEnkopingCuts ? ["2022-04", "2023-04", "2024-04"] : ["2022-04", "2023-04"])
                )
                let cuts = try await client.exportRecords(
                    ExportRequest(indicators: ["hme"], municipalities: ["0381"], from: "2024-01", to: "2024-11")
                )
                #expect(cuts.count == (seesEnkopingCuts ? 6 : 0))

                // Submitting for the principal's own municipality, then for another.
                let mine = [record("hme", own, "2018-04", value: 70)]
                let theirs = [record("hme", other, "2018-04", value: 71)]
                if maySubmit {
                    let stored = try await client.submit("own", mine)
                    #expect(stored == SubmitResponse(inserted: 1, updated: 0, unchanged: 0, rejected: []))
                    let answer = try await client.submit("other", theirs)
                    if maySubmitOther {
                        #expect(answer == SubmitResponse(inserted: 1, updated: 0, unchanged: 0, rejected: []))
                    } else {
                        #expect(answer.inserted == 0)
                        #expect(answer.rejected.map(\.code) == [.notAuthorized])
                        #expect(answer.rejected.map(\.index) == [0])
                        let reason = answer.rejected.first?.reason ?? ""
                        #expect(reason.contains(own) && reason.contains(other), "\(reason)")
                    }
                } else {
                    for batch in [mine, theirs] {
                        let error = try await client.failure(
                            .submit(SubmitRequest(idempotencyKey: "k", observations: batch))
                        )
                        #expect(error.code == .notAuthorized)
                        #expect(error.message.contains("may read but not submit"))
                    }
                }
                let stored = try await client.exportRecords(
                    ExportRequest(indicators: ["hme"], municipalities: [own, other], from: "2018-04", to: "2018-04")
                )
                let expected = (maySubmit ? [own] : []) + (maySubmitOther ? [other] : [])
                #expect(stored.map(\.municipality) == expected)
                #expect(stored.allSatisfy { $0.submitter == login?.user })
            }
            // No token reaches the logs, whatever happened.
            let logs = stack.server.logs.text + stack.responderLogs.text
            for token in stack.template.tokens.values {
                #expect(!logs.contains(token))
            }
        }
    }

    @Test func anonymousAccessIsRefusedUnlessConfigured() async throws {
        try await withEndToEnd { stack in
            let error = try await stack.refusedHandshake(Hello.testing())
            #expect(error.code == .authenticationFailed)
            #expect(error.message.contains("anonymous"))
            // Accounts still get in.
            try await stack.connect(as: .reader) { client in
                #expect(client.welcome.principal.name == "e2e-reader")
            }
        }
    }

    /// A wrong token, an unknown user and a revoked account get the same refusal, ever more slowly:
    /// the Authenticator waits 250 ms after the first failure from an address and doubles the wait
    /// with each further one. (Its base delay cannot be set through `ResponderConfiguration`, so the
    /// real delays are measured.)
    @Test func badCredentialsAreRefusedAlikeAndEverMoreSlowly() async throws {
        try await withEndToEnd(allowsAnonymous: true) { stack in
            let attempts: [(String, Hello)] = [
                ("wrong token", Hello.testing(user: Login.kalmar.user, token: Tokens.generate())),
                ("unknown user", Hello.testing(user: "nobody", token: stack.template.token(.kalmar))),
                ("revoked account", stack.hello(.revoked)),
            ]
            let clock = ContinuousClock()
            var messages: Set<String> = []
            var durations: [Duration] = []
            for (label, hello) in attempts {
                var error: ErrorMessage?
                let duration = try await clock.measure {
                    error = try await stack.refusedHandshake(hello)
                }
                #expect(error?.code == .authenticationFailed, "\(label)")
                messages.insert(error?.message ?? "")
                durations.append(duration)
            }
            #expect(messages.count == 1, "the refusals differ: \(messages)")
            #expect(messages.first?.contains("token") == true)
            // Each refusal takes at least its nominal delay (Task.sleep never returns early): 250 ms, 500 ms,
            // 1 s. Load from the tests running alongside only adds time, so there are no tight upper bounds;
            // the first being shorter than the third rules out a constant delay.
            #expect(durations[0] >= .milliseconds(240), "first failure after \(durations[0])")
            #expect(durations[1] >= .milliseconds(490), "second failure after \(durations[1])")
            #expect(durations[2] >= .milliseconds(990), "third failure after \(durations[2])")
            #expect(durations[0] < durations[2], "\(durations)")
            #expect(durations[2] < .seconds(6), "\(durations)")

            // A success from the address starts the count again: the next failure waits 250 ms, not the
            // 2 s a fourth failure in a row would.
            try await stack.connect(as: .kalmar) { client in try await client.ping() }
            let again = try await clock.measure {
                _ = try await stack.refusedHandshake(stack.hello(.revoked))
            }
            #expect(again >= .milliseconds(240) && again < .milliseconds(1900), "after a success: \(again)")

            let logs = stack.server.logs.text + stack.responderLogs.text
            for token in stack.template.tokens.values {
                #expect(!logs.contains(token))
            }
        }
    }
}
