namespace Sightline.Storage.Model;

/// <summary>Calls from a parent service to a child service, counted from parent/child spans.</summary>
public sealed record DependencyEdge(string Parent, string Child, long CallCount);
