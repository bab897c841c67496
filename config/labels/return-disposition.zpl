^XA
^FX Return label, 4 x 6 in at 203 dpi: what came back, how it was graded, where it
^FX goes. The item's GTIN and serial as GS1-128; the RMA as Code 128 for the next scan.
^CI28
^PW812
^LL1218
^LH0,0
^FO40,30^A0N,40,40^FH^FDRETURN {{rma}}^FS
^FO40,80^A0N,28,28^FH^FDORDER {{order_number?}}   {{date}}^FS
^FO30,120^GB752,3,3^FS
^FO40,145^A0N,36,36^FH^FD{{item_description}}^FS
^FO40,190^A0N,28,28^FH^FD{{item_text}}^FS
^BY3,3,120
^FO40,230^BCN,120,N,N,N^FH^FD{{item_barcode}}^FS
^FO30,375^GB752,3,3^FS
^FO40,400^A0N,140,120^FH^FD{{grade}}^FS
^FO240,400^A0N,44,44^FH^FD{{disposition}}^FS
^FO240,455^A0N,34,34^FH^FD{{destination?}}^FS
^FO240,500^A0N,28,28^FH^FD{{reason?}}^FS
^FO30,560^GB752,3,3^FS
^FO40,585^A0N,28,28^FH^FDINSPECTED BY {{inspected_by}}   STATION {{station}}^FS
^BY3,3,160
^FO40,640^BCN,160,Y,N,N^FH^FD{{rma_barcode}}^FS
^PQ1,0,1,Y
^XZ
