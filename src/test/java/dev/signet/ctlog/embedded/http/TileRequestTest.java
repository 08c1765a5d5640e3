package dev.signet.ctlog.embedded.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TileRequestTest {

    @Test
    void parsesFullAndPartialHashTiles() {
        assertEquals(Optional.of(new TileRequest(0, 0, 256)), TileRequest.parse("0/000"));
        assertEquals(Optional.of(new TileRequest(2, 1_234_067, 256)), TileRequest.parse("2/x001/x234/067"));
        assertEquals(Optional.of(new TileRequest(5, 7, 3)), TileRequest.parse("5/007.p/3"));
        assertEquals(Optional.of(new TileRequest(0, 1000, 255)), TileRequest.parse("0/x001/000.p/255"));
    }

    @Test
    void parsesDataTiles() {
        TileRequest data = TileRequest.parse("data/x001/234.p/17").orElseThrow();
        assertTrue(data.isData());
        assertEquals(1234, data.index());
        assertEquals(17, data.width());
        assertEquals("tile/data/x001/234.p/17", data.path());
        assertEquals(Optional.of(new TileRequest(-1, 0, 256)), TileRequest.parse("data/000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0/", "0/0", "0/00", "0/0000", "0/1", "6/000", "00/000", "-1/000", "0/x000/001",
            "0/001/002", "0/x001", "0/001.p/0", "0/001.p/256", "0/001.p/01", "0/001.p/", "0/001.p", "0/001/",
            "/0/001", "data", "data/", "data/1", "DATA/000", "entries/000", "0/y001/000",
            "0/x001/x002/x003/x004/x005/x006/007",
            "0/000.p/1/", "0/000 ", " 0/000", "0/+01", "0/x00a/000", "0/../000", "0/000.p/1\n",
            "0/x001/x002/x003/x004/x005/x006/x007/x008/x009/x010/x011/x012/x013/x014/015"})
    void refusesEverythingElse(String path) {
        assertEquals(Optional.empty(), TileRequest.parse(path), path);
    }
}
