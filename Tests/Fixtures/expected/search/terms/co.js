handbookSearchLoaded("terms/co",{"com":[8,1],"compare":[25,50],"compared":[25,4,7,1]});
