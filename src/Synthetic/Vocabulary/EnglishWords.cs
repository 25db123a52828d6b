namespace LlamaEmbed.Synthetic;

/// <summary>
/// The words the synthetic vocabularies make single tokens, most useful first: the words of the rank1 prompt and of
/// the embedding prompts, then common English words, so ordinary test sentences tokenize into whole words.
/// </summary>
internal static class EnglishWords
{
    /// <summary>Words of the rank1 prompt and the EmbeddingGemma task prompts.</summary>
    public static readonly string[] PromptWords =
    [
        "true", "false", "determine", "if", "the", "following", "passage", "is", "relevant", "to", "query",
        "answer", "only", "with", "or", "task", "search", "result", "title", "none", "text", "document",
        "classification", "clustering", "sentence", "similarity", "question", "fact", "checking", "code", "retrieval",
    ];

    /// <summary>Common English words.</summary>
    public static readonly string[] Common =
    [
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
        "from", "had", "has", "have", "he", "her", "his", "how", "i", "in", "into", "it", "its", "may", "more",
        "most", "no", "not", "of", "on", "one", "other", "our", "out", "she", "so", "some", "such", "than", "that",
        "their", "them", "then", "there", "these", "they", "this", "those", "through", "up", "was", "we", "were",
        "what", "when", "where", "which", "who", "why", "will", "would", "you", "your", "about", "after", "all",
        "also", "any", "back", "because", "before", "between", "both", "each", "even", "first", "good", "great",
        "here", "just", "know", "last", "like", "long", "make", "many", "much", "must", "new", "now", "old", "over",
        "own", "people", "said", "same", "see", "should", "since", "still", "take", "time", "two", "under", "use",
        "used", "very", "way", "well", "while", "work", "world", "year", "years", "day", "days", "life", "man",
        "men", "woman", "women", "child", "children", "house", "home", "water", "food", "city", "country", "state",
        "government", "company", "school", "student", "students", "teacher", "book", "books", "word", "words",
        "number", "numbers", "part", "place", "case", "point", "group", "problem", "fact", "hand", "eye", "head",
        "system", "program", "information", "data", "model", "models", "language", "languages", "machine",
        "learning", "neural", "network", "networks", "vector", "vectors", "embedding", "embeddings", "rank",
        "ranking", "score", "scores", "list", "find", "found", "show", "shows", "shown", "help", "helps", "need",
        "needs", "want", "give", "gives", "given", "tell", "ask", "asked", "call", "called", "try", "keep", "let",
        "begin", "seem", "run", "running", "read", "reading", "write", "writing", "written", "learn", "change",
        "move", "live", "believe", "hold", "bring", "happen", "provide", "provides", "include", "includes",
        "continue", "set", "stand", "lose", "pay", "meet", "lead", "understand", "watch", "follow", "stop",
        "create", "speak", "spend", "grow", "open", "walk", "win", "offer", "remember", "love", "consider",
        "appear", "buy", "wait", "serve", "die", "send", "expect", "build", "stay", "fall", "cut", "reach", "kill",
        "remain", "suggest", "raise", "pass", "sell", "require", "report", "decide", "pull", "big", "small",
        "large", "high", "low", "young", "important", "different", "early", "late", "hard", "easy", "public",
        "private", "real", "best", "better", "free", "sure", "clear", "possible", "whole", "full", "special",
        "fast", "quick", "slow", "brown", "fox", "jumps", "lazy", "dog", "cat", "cats", "dogs", "animal", "animals",
        "sun", "moon", "star", "stars", "sky", "blue", "red", "green", "black", "white", "light", "dark", "night",
        "morning", "today", "tomorrow", "yesterday", "week", "month", "capital", "france", "paris", "germany",
        "berlin", "london", "england", "china", "japan", "america", "europe", "science", "history", "music", "art",
        "health", "medical", "disease", "patients", "treatment", "study", "studies", "research", "results",
        "evidence", "claim", "support", "supports", "against", "argument", "question", "questions", "answers",
        "example", "examples", "simple", "test", "tests", "testing", "value", "values", "level", "form", "order",
        "power", "money", "market", "business", "service", "price", "cost", "energy", "climate", "weather", "rain",
        "snow", "tree", "trees", "river", "sea", "ocean", "mountain", "road", "car", "cars", "train", "plane",
        "phone", "computer", "computers", "internet", "software", "hardware", "memory", "file", "files", "user",
        "users", "hello", "goodbye", "thanks", "please", "yes", "okay", "because", "however", "therefore",
        "although", "without", "within", "during", "against", "among", "around", "above", "below", "across",
    ];

    /// <summary>Common word endings, so unknown words still split into a stem and a multi-character suffix.</summary>
    public static readonly string[] Suffixes =
    [
        "ing", "ed", "ly", "tion", "tions", "ment", "ments", "ness", "er", "ers", "est", "es", "s", "al", "ous",
        "ive", "able", "ible", "ful", "less", "ity", "ize", "ise", "ism", "ist",
    ];
}
