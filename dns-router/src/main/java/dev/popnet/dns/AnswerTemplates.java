package dev.popnet.dns;

import java.util.Arrays;

/**
 * The finished responses one network keeps, by question shape: read by every kept answer with neither a
 * lock nor an object (an int key, never boxed), written rarely (once per shape and epoch) by copying.
 */
final class AnswerTemplates {
    /** Shapes in ascending order, and the template of each. */
    private record Table(int[] shapes, AnswerTemplate[] templates) {
    }

    private volatile Table table = new Table(new int[0], new AnswerTemplate[0]);

    AnswerTemplate get(int shape) {
        Table t = table;
        int i = Arrays.binarySearch(t.shapes(), shape);
        return i < 0 ? null : t.templates()[i];
    }

    int size() {
        return table.shapes().length;
    }

    synchronized void put(int shape, AnswerTemplate template) {
        Table t = table;
        int i = Arrays.binarySearch(t.shapes(), shape);
        if (i >= 0) {
            AnswerTemplate[] templates = t.templates().clone();
            templates[i] = template;
            table = new Table(t.shapes(), templates);
            return;
        }
        int at = -i - 1;
        int n = t.shapes().length;
        int[] shapes = new int[n + 1];
        AnswerTemplate[] templates = new AnswerTemplate[n + 1];
        System.arraycopy(t.shapes(), 0, shapes, 0, at);
        System.arraycopy(t.templates(), 0, templates, 0, at);
        shapes[at] = shape;
        templates[at] = template;
        System.arraycopy(t.shapes(), at, shapes, at + 1, n - at);
        System.arraycopy(t.templates(), at, templates, at + 1, n - at);
        table = new Table(shapes, templates);
    }
}
