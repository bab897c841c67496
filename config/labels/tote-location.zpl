^XA
^FX Tote or location label, 4 x 6 in at 203 dpi: the code large and as Code 128.
^CI28
^PW812
^LL1218
^LH0,0
^FO40,60^A0N,40,40^FH^FD{{kind}}^FS
^FO40,130^A0N,160,120^FH^FD{{code}}^FS
^FO40,320^A0N,34,34^FH^FD{{description?}}^FS
^BY4,3,300
^FO60,420^BCN,300,N,N,N^FH^FD{{code_barcode}}^FS
^PQ1,0,1,Y
^XZ
