using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// The parameters of a content type, read by our own rule before MassTransit's parser sees them
/// (<see cref="ContentTypeParameters"/>): a name given twice, or a parameter that is not name=value, is refused naming
/// its position, and its name only when it is one we read.
/// </summary>
public sealed class ContentTypeParametersTests
{
    private const string Form = ": each parameter is name=value, the name a token and the value a token or a quoted string, in printable ASCII (e.g. charset=utf-8)";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/json ; charset=utf-8 ")]
    [InlineData("application/json;\tcharset=utf-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=utf-8;")]
    [InlineData("application/json;")]
    [InlineData("application/json;;")]
    [InlineData("application/json; ; charset=utf-8")]
    [InlineData("application/fhir+json; fhirVersion=4.0; charset=utf-8")]
    [InlineData("application/json; a=\"x;y\"; b=\"say \\\"hi\\\"\"")]
    [InlineData("application/json; a=\"\"")]
    [InlineData("application/json; a={x}; b=1.0; c=!#$%&'*+-.^_`|~")]
    [InlineData("multipart/form-data; boundary=x")]
    public void Parameters_that_are_name_value_pairs_each_named_once_pass(string? contentType) =>
        Assert.Null(ContentTypeParameters.Failure(contentType));

    [Theory]
    // found by an independent edge probe (M5): MassTransit's parser threw on each
    [InlineData("application/json; charset=utf-8; charset=utf-8", "content_type has the parameter charset more than once (in any letter case): give each parameter once")]
    [InlineData("application/json; CHARSET=utf-8; charset=utf-8", "content_type has the parameter charset more than once (in any letter case): give each parameter once")]
    [InlineData("application/json; charset=utf-8; a=1; Charset=\"utf-8\"", "content_type has the parameter charset more than once (in any letter case): give each parameter once")]
    [InlineData("application/fhir+json; fhirVersion=4.0; fhirversion=4.0", "content_type has the parameter fhirVersion more than once (in any letter case): give each parameter once")]
    [InlineData("application/json; a=1; a=2", "content_type has a parameter more than once (in any letter case; an unlisted name, not shown): give each parameter once")]
    [InlineData("application/json; mrn-PE9SECRET=1; mrn-PE9SECRET=2", "content_type has a parameter more than once (in any letter case; an unlisted name, not shown): give each parameter once")]
    [InlineData("application/json; a=\"x;y\"; a=\"z\"", "content_type has a parameter more than once (in any letter case; an unlisted name, not shown): give each parameter once")]
    [InlineData("application/json; a=1 ; A=2", "content_type has a parameter more than once (in any letter case; an unlisted name, not shown): give each parameter once")]
    // not name=value (System.Net.Mime.ContentType refuses these, and MassTransit took them as no content type)
    [InlineData("application/json; foo", "content_type parameter 1 has no '=' and no value" + Form)]
    [InlineData("application/json; charset", "content_type parameter 1 (charset) has no '=' and no value" + Form)]
    [InlineData("application/json; charset=utf-8; foo;", "content_type parameter 2 has no '=' and no value" + Form)]
    [InlineData("application/json; =x", "content_type parameter 1 has no name" + Form)]
    [InlineData("application/json; charset=", "content_type parameter 1 (charset) has no value" + Form)]
    [InlineData("application/json; charset=;", "content_type parameter 1 (charset) has no value" + Form)]
    [InlineData("application/json; charset=\"utf-8", "content_type parameter 1 (charset) has a quoted string with no closing quote, or a control or non-ASCII character in it" + Form)]
    [InlineData("application/json; a=\"x\\", "content_type parameter 1 has a quoted string with no closing quote, or a control or non-ASCII character in it" + Form)]
    [InlineData("application/json; a=\"ü\"", "content_type parameter 1 has a quoted string with no closing quote, or a control or non-ASCII character in it" + Form)]
    [InlineData("application/json; a=\"x\u0000\"", "content_type parameter 1 has a quoted string with no closing quote, or a control or non-ASCII character in it" + Form)]
    [InlineData("application/json; charset=utf 8", "content_type parameter 1 (charset) has a value that is neither a token nor a quoted string" + Form)]
    [InlineData("application/json; charset=ütf-8", "content_type parameter 1 (charset) has a value that is neither a token nor a quoted string" + Form)]
    [InlineData("application/json; charset=\"utf-8\"x", "content_type parameter 1 (charset) has a value that is neither a token nor a quoted string" + Form)]
    [InlineData("application/json; a=1,b=2", "content_type parameter 1 has a value that is neither a token nor a quoted string" + Form)]
    [InlineData("application/json; a=(x)", "content_type parameter 1 has a value that is neither a token nor a quoted string" + Form)]
    [InlineData("application/json; ä=1", "content_type parameter 1 does not start with a name" + Form)]
    [InlineData("application/json; (comment)", "content_type parameter 1 does not start with a name" + Form)]
    [InlineData("application/json; a =1", "content_type parameter 1 is not name=value" + Form)]
    [InlineData("application/json; mrn@PE9SECRET=1", "content_type parameter 1 is not name=value" + Form)]
    [InlineData("application/json; a=1; b=\u0001", "content_type parameter 2 has a value that is neither a token nor a quoted string" + Form)]
    [InlineData("application/json;; charset=utf-8; foo", "content_type parameter 3 has no '=' and no value" + Form)]
    [InlineData("application/json; charset=latin1\u0000PT-9", "content_type parameter 1 (charset) has a value that is neither a token nor a quoted string" + Form)]
    public void A_parameter_given_twice_or_not_name_value_is_refused_naming_its_position_or_a_listed_name(string contentType, string reason)
    {
        Assert.Equal(reason, ContentTypeParameters.Failure(contentType));
        Assert.DoesNotContain("PE9SECRET", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_name_given_twice_among_many_parameters_is_found()
    {
        var many = string.Concat(Enumerable.Range(0, 40).Select(i => $"; p{i}=1"));
        Assert.Null(ContentTypeParameters.Failure("application/json" + many));
        Assert.NotNull(ContentTypeParameters.Failure("application/json" + many + "; P3=2"));
        Assert.NotNull(ContentTypeParameters.Failure("application/json" + many + "; p39=2"));
    }

    [Fact]
    public void Every_content_type_the_dotnet_parser_throws_on_other_than_for_its_form_is_refused_and_the_reason_shows_no_name()
    {
        // MassTransit catches the parser's FormatException (a content type it cannot read is taken as none) but nothing
        // else: any other exception reaches ContentTypeGuardFilter, and the deserializer must then have a reason
        var random = new Random(20261206);
        string[] separators = [";", "; ", " ; ", ";\t", ";;"];
        string[] names = ["charset", "CHARSET", "a", "A", "x-PE9SECRET", "X-pe9secret", "fhirVersion"];
        string[] values = ["utf-8", "1", "\"x;y\"", "\"\"", "\"a\\\"b\""];
        string[] damage = ["", "", "", "", "", "", " ", "\"", "\\", ",", "(c)", "é", "\u0001", "@", "=", ";"];
        string Pick(string[] from) => from[random.Next(from.Length)];
        var thrown = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var contentType = "application/json" + string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => Pick(separators) + Pick(names) + Pick(damage) + "=" + Pick(damage) + Pick(values) + Pick(damage)));
            var reason = ContentTypeParameters.Failure(contentType);
            Assert.DoesNotContain("PE9SECRET", reason ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            try
            {
                _ = new System.Net.Mime.ContentType(contentType);
            }
            catch (FormatException)
            {
                // taken as none by MassTransit; the deserializer reads the content type as sent
            }
            catch (ArgumentException)
            {
                thrown++;
                Assert.True(reason is not null, $"not refused: {contentType}");
            }
        }

        Assert.True(thrown > 100, $"only {thrown} content types made the parser throw");
    }

    [Theory]
    [InlineData("application/json; charset=utf-8; charset=utf-8")]
    [InlineData("application/vnd.masstransit+json; a=1; a=1")]
    [InlineData("application/json; foo")]
    public void Both_native_media_types_check_the_parameters(string contentType)
    {
        var refused = Assert.Throws<InvalidEventException>(() => ContractDeserializer.IsEnvelope(contentType));
        Assert.StartsWith("Invalid event: content_type ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ContentTypeParameters.Failure(contentType), Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("application/fhir+json; fhirVersion=4.0; fhirversion=4.0")]
    [InlineData("application/json+fhir; charset=utf-8; charset=utf-8")]
    [InlineData("application/json; a=1; a=1")]
    [InlineData("application/fhir+json; fhirVersion")]
    public void The_fhir_media_types_check_the_parameters(string contentType)
    {
        var refused = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.CheckContentType(contentType));
        Assert.Equal(ContentTypeParameters.Failure(contentType), Assert.Single(refused.Failures));
    }

    /// <summary>
    /// Found by a review: charset and fhirVersion were read by splitting at every ';', so a ';' inside a quoted value
    /// made a parameter of its own, and a quoted pair was not read as the character it stands for.
    /// </summary>
    [Theory]
    [InlineData("application/json; profile=\"x;charset=latin1\"", null)]
    [InlineData("application/json; charset=\"utf\\-8\"", null)]
    [InlineData("application/json;charset=UTF-8", null)]
    [InlineData("application/json; charset=\" utf-8 \"", null)]
    [InlineData("application/json; profile=\"a;b\"; charset=latin1", "charset latin1 is not supported")]
    public void Charset_is_read_as_the_parameters_are(string contentType, string? refusal)
    {
        Assert.Null(ContentTypeParameters.Failure(contentType));
        var failure = ContractDeserializer.CharsetFailure(contentType);
        if (refusal is null)
        {
            Assert.Null(failure);
        }
        else
        {
            Assert.StartsWith("content_type " + refusal, failure, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("application/fhir+json; profile=\"x;fhirVersion=5.0\"", true)]
    [InlineData("application/fhir+json; fhirVersion=\"4.0\"", true)]
    [InlineData("application/fhir+json; profile=\"a;b\"; fhirVersion=5.0", false)]
    public void Fhir_version_is_read_as_the_parameters_are(string contentType, bool accepted)
    {
        if (accepted)
        {
            FhirBodyDeserializer.CheckContentType(contentType);
        }
        else
        {
            var refused = Assert.Throws<InvalidEventException>(() => FhirBodyDeserializer.CheckContentType(contentType));
            Assert.Contains("fhirVersion must be 4.0", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Another_media_type_is_refused_for_its_type_first()
    {
        var refused = Assert.Throws<InvalidEventException>(() => ContractDeserializer.IsEnvelope("text/plain; a=1; a=1"));
        Assert.Equal("Invalid event: content_type must be application/json (or absent) or application/vnd.masstransit+json (was text/plain)", refused.Message);
    }
}
