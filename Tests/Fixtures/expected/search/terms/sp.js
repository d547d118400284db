handbookSearchLoaded("terms/sp",{"sp":[10,3],"specialist":[20,58,22,58,24,58,10,54,2,6,25,4]});
