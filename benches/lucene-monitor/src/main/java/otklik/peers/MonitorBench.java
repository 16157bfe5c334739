package otklik.peers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.search.spans.SpanMultiTermQueryWrapper;
import org.apache.lucene.search.spans.SpanNearQuery;
import org.apache.lucene.search.spans.SpanOrQuery;
import org.apache.lucene.search.spans.SpanQuery;
import org.apache.lucene.search.spans.SpanTermQuery;

/**
 * Lucene Monitor against otklik: the rules of {@code peers gen} (as s-expressions, see
 * benches/peers.rs) built as Lucene queries, registered in a Monitor, and matched against the same
 * texts on one thread, a document at a time and in batches.
 *
 * <p>Usage: {@code MonitorBench DIR OUT RUN...} where a RUN is {@code NAME:RULES.tsv:TEXTS.jsonl:COUNT}.
 * Prints one JSON line per run and writes {@code OUT/lucene-NAME.txt}: per text, the ids of the
 * rules that matched, space-separated.
 */
public final class MonitorBench {
  static final String TEXT = "text";
  static final String TAGS = "tags";
  static final int BATCH = 64;

  /** Letter-or-digit tokens, lower case, ё as е: the words of otklik's tokenizer. */
  static final class WordAnalyzer extends Analyzer {
    static final NormalizeCharMap MAP;

    static {
      NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
      b.add("ё", "е");
      b.add("Ё", "Е");
      MAP = b.build();
    }

    private final Pattern tags;

    WordAnalyzer(Pattern tags) {
      this.tags = tags;
    }

    @Override
    protected Reader initReader(String field, Reader reader) {
      return new MappingCharFilter(MAP, reader);
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer t =
          tags == null
              ? CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit)
              : new PatternTokenizer(tags, 0);
      return new TokenStreamComponents(t, new LowerCaseFilter(t));
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      return new LowerCaseFilter(in);
    }
  }

  static Analyzer analyzer() {
    Analyzer words = new WordAnalyzer(null);
    Analyzer tags = new WordAnalyzer(Pattern.compile("[#@][\\p{L}\\p{N}_]+"));
    return new PerFieldAnalyzerWrapper(words, Map.of(TAGS, tags));
  }

  // ---- s-expressions: (word w) (prefix p) (wildcard w) (hashtag w) (handle w) (phrase a b ...)
  // (and q ...) (or q ...) (not q) (near D ORDERED L R) (field platform x) (none)

  static final class Parser {
    final String s;
    int i;

    Parser(String s) {
      this.s = s;
    }

    Object next() {
      while (s.charAt(i) == ' ') i++;
      if (s.charAt(i) == '(') {
        i++;
        List<Object> list = new ArrayList<>();
        while (true) {
          while (s.charAt(i) == ' ') i++;
          if (s.charAt(i) == ')') {
            i++;
            return list;
          }
          list.add(next());
        }
      }
      int start = i;
      while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != ')') i++;
      return s.substring(start, i);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static boolean isNot(Object o) {
    return list(o).get(0).equals("not");
  }

  static Query query(Object o) {
    List<Object> e = list(o);
    String op = (String) e.get(0);
    switch (op) {
      case "word":
        return new TermQuery(new Term(TEXT, (String) e.get(1)));
      case "prefix":
        return new PrefixQuery(new Term(TEXT, (String) e.get(1)));
      case "wildcard":
        return new WildcardQuery(new Term(TEXT, (String) e.get(1)));
      case "hashtag":
        return new TermQuery(new Term(TAGS, "#" + e.get(1)));
      case "handle":
        return new TermQuery(new Term(TAGS, "@" + e.get(1)));
      case "phrase":
        {
          PhraseQuery.Builder b = new PhraseQuery.Builder();
          for (Object w : e.subList(1, e.size())) b.add(new Term(TEXT, (String) w));
          return b.build();
        }
      case "and":
        {
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          boolean positive = false;
          for (Object p : e.subList(1, e.size())) {
            if (isNot(p)) {
              b.add(query(list(p).get(1)), Occur.MUST_NOT);
            } else {
              b.add(query(p), Occur.MUST);
              positive = true;
            }
          }
          if (!positive) b.add(new MatchAllDocsQuery(), Occur.MUST);
          return b.build();
        }
      case "or":
        {
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          for (Object p : e.subList(1, e.size())) b.add(query(p), Occur.SHOULD);
          return b.build();
        }
      case "not":
        return new BooleanQuery.Builder()
            .add(new MatchAllDocsQuery(), Occur.MUST)
            .add(query(e.get(1)), Occur.MUST_NOT)
            .build();
      case "near":
        {
          int distance = Integer.parseInt((String) e.get(1));
          boolean ordered = e.get(2).equals("1");
          SpanQuery[] sides = {span(e.get(3)), span(e.get(4))};
          return new SpanNearQuery(sides, distance, ordered);
        }
      case "field":
        return new TermQuery(new Term((String) e.get(1), (String) e.get(2)));
      default:
        return new MatchNoDocsQuery();
    }
  }

  static SpanQuery span(Object o) {
    List<Object> e = list(o);
    switch ((String) e.get(0)) {
      case "word":
        return new SpanTermQuery(new Term(TEXT, (String) e.get(1)));
      case "prefix":
        return new SpanMultiTermQueryWrapper<>(new PrefixQuery(new Term(TEXT, (String) e.get(1))));
      case "wildcard":
        return new SpanMultiTermQueryWrapper<>(
            new WildcardQuery(new Term(TEXT, (String) e.get(1))));
      case "phrase":
        {
          List<Object> words = e.subList(1, e.size());
          SpanQuery[] terms = new SpanQuery[words.size()];
          for (int k = 0; k < terms.length; k++) {
            terms[k] = new SpanTermQuery(new Term(TEXT, (String) words.get(k)));
          }
          return new SpanNearQuery(terms, 0, true);
        }
      case "or":
        {
          List<Object> parts = e.subList(1, e.size());
          SpanQuery[] spans = new SpanQuery[parts.size()];
          for (int k = 0; k < spans.length; k++) spans[k] = span(parts.get(k));
          return new SpanOrQuery(spans);
        }
      default:
        throw new IllegalArgumentException("not a NEAR side: " + e);
    }
  }

  // ---- input

  /** One JSON string per line. */
  static List<String> texts(Path path, int count) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (out.size() == count) break;
      out.add(unquote(line));
    }
    return out;
  }

  static String unquote(String json) {
    StringBuilder b = new StringBuilder(json.length());
    for (int k = 1; k < json.length() - 1; k++) {
      char c = json.charAt(k);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char n = json.charAt(++k);
      switch (n) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          b.append((char) Integer.parseInt(json.substring(k + 1, k + 5), 16));
          k += 4;
        }
        default -> b.append(n);
      }
    }
    return b.toString();
  }

  static Document doc(String text) {
    Document d = new Document();
    d.add(new TextField(TEXT, text, Field.Store.NO));
    d.add(new TextField(TAGS, text, Field.Store.NO));
    return d;
  }

  static List<String> one(Monitor monitor, List<String> texts) throws IOException {
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      MatchingQueries<QueryMatch> m = monitor.match(doc(t), QueryMatch.SIMPLE_MATCHER);
      StringBuilder ids = new StringBuilder();
      for (QueryMatch q : m.getMatches()) ids.append(q.getQueryId()).append(' ');
      out.add(ids.toString().trim());
    }
    return out;
  }

  static int batched(Monitor monitor, List<String> texts) throws IOException {
    int matches = 0;
    for (int k = 0; k < texts.size(); k += BATCH) {
      List<String> part = texts.subList(k, Math.min(texts.size(), k + BATCH));
      Document[] docs = new Document[part.size()];
      for (int j = 0; j < docs.length; j++) docs[j] = doc(part.get(j));
      MultiMatchingQueries<QueryMatch> m = monitor.match(docs, QueryMatch.SIMPLE_MATCHER);
      matches += m.getMatchCount(0);
    }
    return matches;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    for (int a = 2; a < args.length; a++) {
      String[] run = args[a].split(":");
      String name = run[0];
      List<MonitorQuery> queries = new ArrayList<>();
      int exact = 0;
      for (String line : Files.readAllLines(dir.resolve(run[1]), StandardCharsets.UTF_8)) {
        String[] cols = line.split("\t", 3);
        queries.add(new MonitorQuery(cols[0], query(new Parser(cols[2]).next())));
        exact += cols[1].equals("1") ? 1 : 0;
      }
      List<String> texts = texts(dir.resolve(run[2]), Integer.parseInt(run[3]));
      long t0 = System.nanoTime();
      Monitor monitor = new Monitor(analyzer());
      monitor.register(queries);
      double register = (System.nanoTime() - t0) / 1e9;

      // Warm up, then the best of two passes, a document at a time and in batches.
      one(monitor, texts.subList(0, Math.min(texts.size(), 500)));
      List<String> results = null;
      double single = Double.MAX_VALUE;
      for (int r = 0; r < 2; r++) {
        long s = System.nanoTime();
        results = one(monitor, texts);
        single = Math.min(single, (System.nanoTime() - s) / 1e9);
      }
      batched(monitor, texts.subList(0, Math.min(texts.size(), 500)));
      double batch = Double.MAX_VALUE;
      for (int r = 0; r < 2; r++) {
        long s = System.nanoTime();
        batched(monitor, texts);
        batch = Math.min(batch, (System.nanoTime() - s) / 1e9);
      }
      long tags = 0;
      try (BufferedWriter w =
          Files.newBufferedWriter(out.resolve("lucene-" + name + ".txt"), StandardCharsets.UTF_8)) {
        for (String ids : results) {
          w.write(ids);
          w.write('\n');
          if (!ids.isEmpty()) tags += ids.split(" ").length;
        }
      }
      monitor.close();
      System.out.printf(
          "{\"name\": \"%s\", \"rules\": %d, \"exact\": %d, \"texts\": %d, \"tags\": %d,"
              + " \"register_s\": %.3f, \"one_per_s\": %.1f, \"batch_per_s\": %.1f}%n",
          name,
          queries.size(),
          exact,
          texts.size(),
          tags,
          register,
          texts.size() / single,
          texts.size() / batch);
      System.out.flush();
    }
  }
}
