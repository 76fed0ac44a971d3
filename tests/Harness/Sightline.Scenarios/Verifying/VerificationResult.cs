namespace Sightline.Scenarios.Verifying;

/// <summary>The outcome of comparing expected segments with what was collected.</summary>
/// <param name="Passed">True when every expected segment was found with its references.</param>
/// <param name="Report">What was expected, the closest actual data and what differed; a summary when passed.</param>
public sealed record VerificationResult(bool Passed, string Report);
