import Testing

@Test func placeholderOpenFlowTests() { #expect(Bool(true)) }
