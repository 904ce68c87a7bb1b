package io.darkroom.recipe.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads ASC CDL XML: {@code .cc} (one ColorCorrection), {@code .ccc} (ColorCorrectionCollection) and {@code .cdl}
 * (ColorDecisionList of ColorDecision elements). Element names are matched without namespace. A
 * ColorCorrection's SOPNode gives Slope / Offset / Power (three numbers each), its SatNode (or SATNode) the
 * Saturation; missing nodes are identity. DTDs and external entities are refused.
 */
public final class CdlParser {
    private CdlParser() {}

    /** The ColorCorrection with the given id, or the first one when id is null or blank. */
    public static CdlValues parse(Path file, String id) throws OpsException {
        String name = file.getFileName().toString();
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = builder().parse(in);
        } catch (IOException e) {
            throw new OpsException(name + ": cannot read: " + e.getMessage(), true, e);
        } catch (SAXException e) {
            throw new OpsException(name + ": not valid XML: " + e.getMessage(), true, e);
        }
        List<Element> ccs = elements(doc.getDocumentElement(), "ColorCorrection");
        if (ccs.isEmpty()) {
            throw OpsException.badInput(name + ": no ColorCorrection element");
        }
        Element chosen = null;
        if (id == null || id.isBlank()) {
            chosen = ccs.get(0);
        } else {
            List<String> ids = new ArrayList<>();
            for (Element cc : ccs) {
                ids.add(cc.getAttribute("id"));
                if (id.equals(cc.getAttribute("id"))) {
                    chosen = cc;
                    break;
                }
            }
            if (chosen == null) {
                throw OpsException.badInput(
                        name + ": no ColorCorrection with id '" + id + "' (ids: " + String.join(", ", ids) + ")");
            }
        }
        return values(name, chosen);
    }

    private static CdlValues values(String name, Element cc) throws OpsException {
        String where = name + " ColorCorrection" + (cc.hasAttribute("id") ? " '" + cc.getAttribute("id") + "'" : "");
        double[] slope = {1, 1, 1};
        double[] offset = {0, 0, 0};
        double[] power = {1, 1, 1};
        double sat = 1;
        Element sop = first(cc, "SOPNode");
        if (sop != null) {
            slope = triple(where, sop, "Slope", slope);
            offset = triple(where, sop, "Offset", offset);
            power = triple(where, sop, "Power", power);
        }
        Element satNode = first(cc, "SatNode");
        if (satNode == null) {
            satNode = first(cc, "SATNode");
        }
        if (satNode != null) {
            Element s = first(satNode, "Saturation");
            if (s != null) {
                sat = numbers(where + " Saturation", s.getTextContent(), 1)[0];
            }
        }
        for (int c = 0; c < 3; c++) {
            if (slope[c] < 0) {
                throw OpsException.badInput(where + ": Slope must not be negative, was " + slope[c]);
            }
            if (power[c] <= 0) {
                throw OpsException.badInput(where + ": Power must be above 0, was " + power[c]);
            }
        }
        if (sat < 0) {
            throw OpsException.badInput(where + ": Saturation must not be negative, was " + sat);
        }
        return new CdlValues(slope, offset, power, sat);
    }

    private static double[] triple(String where, Element sop, String tag, double[] fallback) throws OpsException {
        Element e = first(sop, tag);
        return e == null ? fallback : numbers(where + " " + tag, e.getTextContent(), 3);
    }

    private static double[] numbers(String where, String text, int count) throws OpsException {
        String[] t = text.strip().split("\\s+");
        if (t.length != count || t[0].isEmpty()) {
            throw OpsException.badInput(where + ": expected " + count + " number(s), found '" + text.strip() + "'");
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(t[i]);
            } catch (NumberFormatException e) {
                throw OpsException.badInput(where + ": not a number: '" + t[i] + "'");
            }
            if (!Double.isFinite(v[i])) {
                throw OpsException.badInput(where + ": not a finite number: '" + t[i] + "'");
            }
        }
        return v;
    }

    private static Element first(Element parent, String localName) {
        List<Element> all = elements(parent, localName);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> elements(Element root, String localName) {
        List<Element> out = new ArrayList<>();
        if (localName.equals(root.getLocalName())) {
            out.add(root);
        }
        NodeList all = root.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < all.getLength(); i++) {
            Node n = all.item(i);
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static DocumentBuilder builder() throws OpsException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new OpsException("XML parser setup failed: " + e.getMessage(), false, e);
        }
    }
}
