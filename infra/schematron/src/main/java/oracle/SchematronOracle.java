package oracle;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.streams.Steps;

/**
 * Test oracle: the official EN 16931 Schematron run by Saxon-HE.
 *
 * <pre>
 *   compile SCHEMA.sch OUT.xsl     Schematron to XSLT with SchXslt's XSLT 2.0 pipeline
 *   run COMPILED.xsl SYNTAX [FILE…] one JSON line per file (FILEs from stdin, one a line, if none given)
 * </pre>
 *
 * The stylesheet is compiled once and shared by one worker per core, so hundreds of documents
 * cost one JVM start. Output keeps the input order.
 */
public final class SchematronOracle {
  private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
  /** SchXslt's "compile, then report in SVRL" stylesheet, inside the schxslt jar. */
  private static final String PIPELINE = "/xslt/2.0/pipeline-for-svrl.xsl";

  private SchematronOracle() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("compile")) {
      compile(Path.of(args[1]), Path.of(args[2]));
    } else if (args.length >= 3 && args[0].equals("run")) {
      List<String> files = new ArrayList<>(List.of(args).subList(3, args.length));
      if (files.isEmpty()) files.addAll(stdinLines());
      run(Path.of(args[1]), args[2], files);
    } else {
      System.err.println("usage: compile SCHEMA.sch OUT.xsl | run COMPILED.xsl SYNTAX [FILE...]");
      System.exit(2);
    }
  }

  private static void compile(Path schema, Path out) throws SaxonApiException, java.io.IOException {
    URL pipeline = SchematronOracle.class.getResource(PIPELINE);
    if (pipeline == null) throw new IllegalStateException("SchXslt is not on the classpath: " + PIPELINE);
    Processor processor = new Processor(false);
    XsltExecutable compiler = processor.newXsltCompiler().compile(new StreamSource(pipeline.toExternalForm()));
    // Written beside the target, then moved: a reader never sees half a stylesheet.
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "compile-", ".xsl");
    try {
      compiler.load30().transform(new StreamSource(schema.toFile()), processor.newSerializer(tmp.toFile()));
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp); // after a failure: no half-written stylesheet left behind
    }
  }

  private static void run(Path compiled, String syntax, List<String> files) throws Exception {
    Processor processor = new Processor(false);
    XsltExecutable executable = processor.newXsltCompiler().compile(new StreamSource(compiled.toFile()));
    // An Xslt30Transformer is not thread-safe; the executable is. A document that cannot be read
    // is reported in its JSON line, so Saxon's own error listing would only be noise.
    ThreadLocal<Xslt30Transformer> transformer = ThreadLocal.withInitial(() -> {
      Xslt30Transformer t = executable.load30();
      t.setErrorReporter(error -> {});
      return t;
    });
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<String>> lines = new ArrayList<>();
      for (String file : files) lines.add(pool.submit(() -> check(transformer.get(), file, syntax)));
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      for (Future<String> line : lines) out.println(line.get());
      out.flush();
    } finally {
      pool.shutdown();
    }
  }

  /** One document: its findings, or the reason it could not be checked (not XML, unreadable). */
  private static String check(Xslt30Transformer transformer, String file, String syntax) {
    StringBuilder json = new StringBuilder("{\"file\":").append(quote(file)).append(",\"syntax\":").append(quote(syntax));
    try {
      XdmDestination svrl = new XdmDestination();
      transformer.transform(new StreamSource(new File(file)), svrl);
      json.append(",\"findings\":[");
      boolean first = true;
      for (XdmNode node : svrl.getXdmNode().select(Steps.descendant().where(SchematronOracle::isFinding)).asListOfNodes()) {
        if (!first) json.append(',');
        first = false;
        json.append("{\"id\":").append(quote(attribute(node, "id")))
            .append(",\"flag\":").append(quote(attribute(node, "flag")))
            .append(",\"location\":").append(quote(attribute(node, "location")))
            .append(",\"text\":").append(quote(text(node)))
            .append('}');
      }
      json.append("]}");
    } catch (SaxonApiException | RuntimeException e) {
      json.setLength(0);
      json.append("{\"file\":").append(quote(file)).append(",\"syntax\":").append(quote(syntax))
          .append(",\"findings\":[],\"error\":").append(quote(String.valueOf(e.getMessage()))).append('}');
    }
    return json.toString();
  }

  private static boolean isFinding(XdmNode node) {
    if (node.getNodeKind() != XdmNodeKind.ELEMENT || !SVRL.equals(node.getNodeName().getNamespace())) return false;
    String name = node.getNodeName().getLocalName();
    return name.equals("failed-assert") || name.equals("successful-report");
  }

  private static String attribute(XdmNode node, String name) {
    String value = node.attribute(name);
    return value == null ? "" : value;
  }

  private static String text(XdmNode node) {
    for (XdmNode child : node.children()) {
      if (child.getNodeKind() == XdmNodeKind.ELEMENT && child.getNodeName().getLocalName().equals("text")) {
        return child.getStringValue().strip().replaceAll("\\s+", " ");
      }
    }
    return "";
  }

  private static List<String> stdinLines() throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) lines.add(line);
    }
    return lines;
  }

  /** A JSON string literal. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
