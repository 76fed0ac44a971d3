using Sightline.Scenarios.Definition;
using YamlDotNet.Core;

namespace Sightline.Scenarios.Expectations;

/// <summary>Reads expected-data files and checks that every reference and matcher in them makes sense.</summary>
public static class ExpectedDataLoader
{
    /// <summary>Loads and validates <paramref name="file"/>.</summary>
    /// <exception cref="ScenarioException">The file is malformed or refers to something that does not exist.</exception>
    public static ExpectedData Load(string file)
    {
        try
        {
            return Parse(File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is ScenarioException or IOException)
        {
            throw new ScenarioException($"{file}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses and validates expected data written as YAML.</summary>
    /// <exception cref="ScenarioException">The text is malformed or refers to something that does not exist.</exception>
    public static ExpectedData Parse(string yaml)
    {
        ExpectedData data;
        try
        {
            data = ScenarioLoader.Yaml.Deserialize<ExpectedData?>(yaml) ?? new ExpectedData();
        }
        catch (YamlException ex)
        {
            throw new ScenarioException($"line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}{(ex.InnerException is { } inner ? " " + inner.Message : string.Empty)}", ex);
        }

        Validate(data);
        return data;
    }

    /// <summary>Checks names, parents, references and matchers.</summary>
    public static void Validate(ExpectedData data)
    {
        if (data.Segments.Count == 0)
        {
            throw new ScenarioException("no segments are expected");
        }

        var segmentNames = data.Segments.Where(s => s.Name.Length > 0).Select(s => s.Name).ToList();
        foreach (var segment in data.Segments)
        {
            ValueMatcher.Parse(segment.Service);
            if (segment.Spans.Count == 0)
            {
                throw new ScenarioException($"segment {segment.Label} lists no spans");
            }

            var spanNames = segment.Spans.Select(s => s.Name).ToList();
            foreach (var span in segment.Spans)
            {
                foreach (var value in new[] { span.Name, span.Kind, span.Peer, span.Component, span.Layer, span.Error }.Where(v => v is not null))
                {
                    ValueMatcher.Parse(value);
                }

                foreach (var value in span.Tags.Values)
                {
                    ValueMatcher.Parse(value);
                }

                if (span.Parent is { } parent && parent != "none" && !spanNames.Contains(parent))
                {
                    throw new ScenarioException($"span {span.Label} of segment {segment.Label} has parent '{parent}', which is not a span of that segment");
                }

                if (span.RemoteParent is { } remote)
                {
                    var target = data.Segments.FirstOrDefault(s => s.Name == remote.Segment)
                        ?? throw new ScenarioException($"span {span.Label} refers to segment '{remote.Segment}'; named segments: {string.Join(", ", segmentNames)}");
                    if (!target.Spans.Any(s => s.Name == remote.Span))
                    {
                        throw new ScenarioException($"span {span.Label} refers to span '{remote.Span}', which segment '{remote.Segment}' does not list");
                    }
                }
            }
        }
    }
}
