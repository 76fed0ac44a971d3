using Sightline.Storage.UiTests.Infrastructure;

// One browser for every test in the assembly; each test starts its own storage server.
[assembly: AssemblyFixture(typeof(BrowserFixture))]
