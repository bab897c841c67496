^XA
^FX GS1 logistic label, 4 x 6 in at 203 dpi (812 x 1218 dots): ship-from and ship-to,
^FX carrier section with the ship-to postal code (420), order (400) and gross weight (330n),
^FX and the SSCC (00) as GS1-128 at the bottom, each with its text under it.
^FX Fields are filled by stationd (docs/printing.md); optional ones may be empty.
^CI28
^PW812
^LL1218
^LH0,0
^FO40,30^A0N,28,28^FH^FDFROM: {{ship_from}}^FS
^FO40,75^A0N,48,48^FH^FDTO: {{ship_to_name}}^FS
^FO40,130^A0N,34,34^FH^FD{{ship_to_address?}}^FS
^FO40,172^A0N,34,34^FH^FD{{ship_to_postal}} {{ship_to_city?}} {{ship_to_country?}}^FS
^FO30,220^GB752,3,3^FS
^FO40,240^A0N,26,26^FH^FDSHIP TO POST^FS
^BY3,3,110
^FO40,275^BCN,110,N,N,N^FH^FD{{postal_barcode}}^FS
^FO40,392^A0N,28,28^FH^FD{{postal_text}}^FS
^FO30,435^GB752,3,3^FS
^FO40,455^A0N,30,30^FH^FDORDER {{order_number}}   {{package_text?}}   {{weight_text}}^FS
^BY3,3,110
^FO40,495^BCN,110,N,N,N^FH^FD{{order_barcode}}^FS
^FO40,612^A0N,28,28^FH^FD{{order_text}}^FS
^FO30,655^GB752,3,3^FS
^FO40,675^A0N,26,26^FH^FDSSCC^FS
^BY4,3,220
^FO94,720^BCN,220,N,N,N^FH^FD{{sscc_barcode}}^FS
^FO150,960^A0N,44,44^FH^FD{{sscc_text}}^FS
^PQ1,0,1,Y
^XZ
